"""Epoch AI's model data (``notable_ai_models.csv``) to model dicts, and the catalog back.

Only the columns both sides hold are mapped: model name, organisation, publication
date, parameters, training dataset size (tokens for language models), training compute,
confidence, base model and link.

Epoch's ``Confidence`` (Confident, Likely, Speculative, Unknown) qualifies a row's
parameters, dataset size and compute together. It becomes the provenance ``status`` of
each of those numbers the row gives (:data:`CONFIDENCE_STATUS`) and, since ``Likely``
and ``Speculative`` are both ``estimated``, the exact word goes in the provenance
``source`` (``Epoch AI (confidence: Likely)``), from which the export reads it back.
Numbers written by hand export the confidence of their status
(:data:`STATUS_CONFIDENCE`): a row of numbers without provenance has none.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.catalog import Catalog
from ..data.schema import ExternalBase, Model, slugify
from .markdown import model_id_for

__all__ = [
    "CONFIDENCE_STATUS",
    "EPOCH_COLUMNS",
    "STATUS_CONFIDENCE",
    "EpochError",
    "EpochRows",
    "read_epoch_csv",
    "to_epoch_csv",
]

#: Our name for a column -> the names Epoch has used for it, newest first.
EPOCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System"),
    "organization": ("Organization",),
    "publication_date": ("Publication date",),
    "parameters": ("Parameters",),
    "dataset_size": (
        "Training dataset size (total)",
        "Training dataset size (gradients)",
        "Training dataset size (datapoints)",
    ),
    "compute": ("Training compute (FLOP)",),
    "confidence": ("Confidence",),
    "base_model": ("Base model",),
    "link": ("Link",),
}
_REQUIRED = ("model", "organization")
#: Epoch's confidence -> provenance status (``Unknown`` and blank give none).
CONFIDENCE_STATUS = {"Confident": "disclosed", "Likely": "estimated", "Speculative": "estimated"}
#: Provenance status -> the confidence exported for numbers Epoch did not qualify.
STATUS_CONFIDENCE = {
    "disclosed": "Confident",
    "measured": "Confident",
    "estimated": "Likely",
    "claimed": "Likely",
}
#: Confidences from the surest: a row exports the least sure of its numbers.
_CONFIDENCE_ORDER = ("Confident", "Likely", "Speculative", "Unknown")
_SOURCE = "Epoch AI (confidence: {})"
_SOURCE_PATTERN = re.compile(r"^Epoch AI \(confidence: (\w+)\)$")
#: The numbers a row's confidence qualifies.
_QUALIFIED = ("parameters_b", "training_tokens_b", "training_compute_flop")
#: Header written by :func:`to_epoch_csv`.
_EXPORT_HEADER = [
    names[-1] if key == "dataset_size" else names[0] for key, names in EPOCH_COLUMNS.items()
]


class EpochError(ValueError):
    """A CSV file that is not Epoch AI's model data; the message names the file."""


@dataclass
class EpochRows:
    """Model dicts read from the CSV, the organisations they name, and what went wrong."""

    models: list[dict[str, Any]] = field(default_factory=list)
    labs: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EpochError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "expected the UTF-8 CSV Epoch AI publishes"
        ) from None


def _columns(path: Path, header: list[str]) -> dict[str, str]:
    found = {}
    for key, names in EPOCH_COLUMNS.items():
        name = next((n for n in names if n in header), None)
        if name is not None:
            found[key] = name
    missing = [EPOCH_COLUMNS[key][0] for key in _REQUIRED if key not in found]
    if missing:
        raise EpochError(
            f"{path}: no column {', '.join(map(repr, missing))}; expected Epoch AI's "
            f"notable_ai_models.csv with columns such as {', '.join(_EXPORT_HEADER)}"
        )
    return found


def _number(text: str, where: str, warnings: list[str], unit: float = 1e9) -> float | None:
    """A positive number in ``unit`` (billions by default), or ``None`` with a warning."""
    if not text.strip():
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        warnings.append(f"{where}: {text!r} is not a number; left out")
        return None
    if not math.isfinite(value) or value <= 0:
        warnings.append(f"{where}: {text!r} is not a positive number; left out")
        return None
    return float(f"{value / unit:.6g}")


def _row_model(row: dict[str, str], columns: dict[str, str], where: str, rows: EpochRows) -> None:
    def cell(key: str) -> str:
        return (row.get(columns.get(key, ""), "") or "").strip()

    name = cell("model")
    if not name:
        rows.warnings.append(f"{where}: no model name; row skipped")
        return
    organisation = cell("organization").split(",")[0].strip() or "Unknown"
    lab = slugify(organisation)
    rows.labs.setdefault(lab, organisation)
    model: dict[str, Any] = {"id": model_id_for(name), "name": name, "lab": lab}
    if date := cell("publication_date"):
        model["released"] = date
    model["parameters_b"] = _number(cell("parameters"), f"{where}: Parameters", rows.warnings)
    model["training_tokens_b"] = _number(
        cell("dataset_size"), f"{where}: {columns.get('dataset_size')}", rows.warnings
    )
    model["training_compute_flop"] = _number(
        cell("compute"), f"{where}: {columns.get('compute')}", rows.warnings, unit=1
    )
    _qualify(model, cell("confidence"), where, rows.warnings)
    if base := cell("base_model"):
        model["base_model"] = base
    if link := cell("link"):
        kind = "paper" if "arxiv.org" in link.lower() else "other"
        model["links"] = [{"kind": kind, "url": link.split(",")[0].strip()}]
    rows.models.append({k: v for k, v in model.items() if v is not None})


def _qualify(model: dict[str, Any], confidence: str, where: str, warnings: list[str]) -> None:
    """Write ``confidence`` as the provenance of the numbers of ``model`` it qualifies."""
    if not confidence:
        return
    word = confidence.capitalize()
    if word not in _CONFIDENCE_ORDER:
        expected = ", ".join(_CONFIDENCE_ORDER)
        warnings.append(f"{where}: Confidence {confidence!r} is not one of {expected}; left out")
        return
    for key in _QUALIFIED:
        if model.get(key) is None:
            continue
        details: dict[str, Any] = {"value": model[key]}
        if status := CONFIDENCE_STATUS.get(word):
            details["status"] = status
        details["source"] = _SOURCE.format(word)
        model[key] = details


def read_epoch_csv(path: Path) -> EpochRows:
    """The models of an Epoch AI CSV; :class:`EpochError` if it is not one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EpochError(f"{path}: cannot read: {exc.strerror}") from None
    reader = csv.DictReader(io.StringIO(_decode(path, raw), newline=""))
    columns = _columns(path, list(reader.fieldnames or []))
    rows = EpochRows()
    try:
        for number, row in enumerate(reader, start=2):
            _row_model(row, columns, f"{path}:{number}", rows)
    except csv.Error as exc:
        raise EpochError(f"{path}: not a readable CSV: {exc}") from None
    return rows


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value * 1e9:.6g}"


def _base_name(base: str | ExternalBase, catalog: Catalog) -> str:
    """A base model as Epoch names it: the catalog model's name, else the name written."""
    if isinstance(base, ExternalBase):
        return base.name
    known = catalog.models.get(base)
    return known.name if known is not None else base


def _confidence(model: Model) -> str:
    """The least sure confidence of the numbers a row qualifies; blank without provenance."""
    found = []
    for key in _QUALIFIED:
        details = model.provenance.get(key)
        if details is None:
            continue
        match = _SOURCE_PATTERN.match(details.source or "")
        if match and match.group(1) in _CONFIDENCE_ORDER:
            found.append(match.group(1))
        elif details.status is not None:
            found.append(STATUS_CONFIDENCE[details.status])
    return max(found, key=_CONFIDENCE_ORDER.index, default="")


def to_epoch_csv(catalog: Catalog) -> str:
    """The catalog in Epoch AI's columns, one row per model, sorted by id."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_EXPORT_HEADER)
    for key in sorted(catalog.models):
        model = catalog.models[key]
        link = next((lnk.url for lnk in model.links if lnk.kind == "paper"), None)
        link = link or next((lnk.url for lnk in model.links), "")
        writer.writerow(
            [
                model.name,
                catalog.lab_name(model.lab),
                model.released.iso() if model.released and not model.released.tba else "",
                _figure(model.parameters_b),
                _figure(model.training_tokens_b),
                "" if model.training_compute_flop is None else f"{model.training_compute_flop:.6g}",
                _confidence(model),
                ",".join(_base_name(base, catalog) for base in model.base_model),
                link,
            ]
        )
    return buffer.getvalue()
