"""The catalog as plain records, JSON and CSV: what ``modelcards.json`` and the CLI publish.

One record per model, sorted by id, holding the data and the derived figures
(ALScore, tier, token ratio, verdict) exactly as the pages show them. The output
is deterministic: sorted keys, no timestamps, one trailing newline.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import math
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .schema import SCHEMA_VERSION, HistoryEntry, Model

#: Files a HTML build publishes at the root of its output folder.
DOWNLOAD_FILES = ("modelcards.json", "modelcards.csv")

GENERATOR = "sphinx-modelcards"

#: Model id -> URL of its page, or ``None`` when it has none.
PageUrl = Callable[[str], str | None]

#: CSV columns before the benchmark columns, in order.
CSV_COLUMNS = (
    "id",
    "name",
    "lab",
    "lab_name",
    "released",
    "access",
    "architecture",
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "alscore",
    "alscore_tier",
    "token_param_ratio",
    "compute_optimal",
    "training_compute_flop",
)
#: CSV columns after the benchmark columns.
CSV_TAIL_COLUMNS = ("tags", "links", "license", "base_model", "base_relation")
CSV_BENCHMARK_PREFIX = "benchmark:"

# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: Integers beyond this are not exact as floats: ``1e23`` stays ``1e+23``, not 99999...392.
_EXACT_INTEGERS = 2**53


def _number(value: float | None, digits: int | None = None) -> float | int | None:
    """``1200.0`` -> ``1200``; other values unchanged, or rounded to ``digits``.

    A value that is not finite (never valid data, but derived figures can
    overflow) is published as ``null`` rather than breaking strict JSON.
    """
    if value is None or not math.isfinite(value):
        return None
    if digits is not None:
        value = round(value, digits)
    if float(value).is_integer() and abs(value) < _EXACT_INTEGERS:
        return int(value)
    return value + 0.0  # -0.0 -> 0.0


def record(model: Model, catalog: Catalog) -> dict[str, Any]:
    """The published record of one model (without its page URL)."""
    derived = catalog.derived[model.id]
    return {
        "id": model.id,
        "name": model.name,
        "lab": {"id": model.lab, "name": catalog.lab_name(model.lab)},
        "released": model.released.iso() if model.released is not None else None,
        "access": model.access,
        "architecture": model.architecture,
        "parameters_b": _number(model.parameters_b),
        "active_parameters_b": _number(model.active_parameters_b),
        "training_tokens_b": _number(model.training_tokens_b),
        "context_window": model.context_window,
        "alscore": _number(derived.alscore, 4),
        "alscore_tier": derived.tier,
        "token_param_ratio": _number(derived.ratio, 4),
        "compute_optimal": derived.compute_optimal,
        "training_compute_flop": _number(derived.compute)
        if derived.compute_stated
        else _flop(derived.compute),
        "training_compute_stated": derived.compute_stated,
        "benchmarks": {key: _number(score) for key, score in model.benchmarks.items()},
        "tags": list(model.tags),
        "links": [{"kind": li.kind, "url": li.url, "title": li.title} for li in model.links],
        "license": model.license,
        **lineage_fields(model),
        **card_fields(model),
        "provenance": provenance_fields(model),
        "history": [history_record(item) for item in model.history],
    }


def history_record(item: HistoryEntry) -> dict[str, Any]:
    """A history entry as published: ``old`` always (``null``: unknown before), note and
    source when given."""
    found = item.model_dump(mode="json")
    return {key: value for key, value in found.items() if value is not None or key == "old"}


def _flop(value: float | None) -> float | None:
    """FLOP to three significant digits (the inputs are rarely known better)."""
    return None if value is None else float(f"{value:.3g}")


def lineage_fields(model: Model) -> dict[str, Any]:
    """``base_model`` as written (ids or names, and ``{name, url}`` mappings) and its relation."""
    bases = [b if isinstance(b, str) else b.model_dump(exclude_none=True) for b in model.base_model]
    return {"base_model": bases, "base_relation": model.base_relation}


def card_fields(model: Model) -> dict[str, Any]:
    """The sections teams write about their own models."""
    return {
        "version": model.version,
        "owners": [owner.model_dump(exclude_none=True) for owner in model.owners],
        "intended_use": model.intended_use,
        "out_of_scope_use": model.out_of_scope_use,
        "limitations": model.limitations,
        "ethical_considerations": model.ethical_considerations,
    }


def provenance_fields(model: Model) -> dict[str, dict[str, Any]]:
    """Where each number comes from, by field (``parameters_b``, ``benchmarks.mmlu``)."""
    return {
        key: details.model_dump(mode="json", exclude_none=True)
        for key, details in model.provenance.items()
    }


def records(catalog: Catalog, page_url: PageUrl | None = None) -> list[dict[str, Any]]:
    """Every model's record, sorted by id; with a ``page`` key when ``page_url`` is given."""
    out = []
    for model_id in sorted(catalog.models):
        item = record(catalog.models[model_id], catalog)
        if page_url is not None:
            item["page"] = page_url(model_id)
        out.append(item)
    return out


def to_json(
    items: Sequence[dict[str, Any]],
    last_updated: dt.date | None = None,
    data_version: str | None = None,
) -> str:
    """``modelcards.json``: the records with the format version and generator, the
    catalog's latest change (``last_updated``) and the data version, when known."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "generator": GENERATOR,
        "last_updated": last_updated.isoformat() if last_updated else None,
        "data_version": data_version,
        "models": list(items),
    }
    return (
        json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(items: Sequence[dict[str, Any]], catalog: Catalog) -> str:
    """One row per record; a column per benchmark some model names, in catalog order."""
    named = {key for model in catalog.models.values() for key in model.benchmarks}
    benchmarks = [key for key in catalog.benchmarks if key in named]
    with_page = any("page" in item for item in items)
    header = [
        *CSV_COLUMNS,
        *(CSV_BENCHMARK_PREFIX + key for key in benchmarks),
        *CSV_TAIL_COLUMNS,
        *(("page",) if with_page else ()),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for item in items:
        flat = {key: item.get(key) for key in CSV_COLUMNS}
        flat["lab"], flat["lab_name"] = item["lab"]["id"], item["lab"]["name"]
        row = [_cell(flat[key]) for key in CSV_COLUMNS]
        row += [_cell(item["benchmarks"].get(key)) for key in benchmarks]
        row += [
            _cell("; ".join(item["tags"])),
            # URLs hold no spaces (the schema refuses them), so a space separates them.
            _cell(" ".join(link["url"] for link in item["links"])),
            _cell(item["license"]),
            _cell("; ".join(b if isinstance(b, str) else b["name"] for b in item["base_model"])),
            _cell(item["base_relation"]),
        ]
        if with_page:
            row.append(_cell(item.get("page")))
        writer.writerow(row)
    return buffer.getvalue()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data`` (read only if sizes match)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with path.open("rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written.

    A regular file is replaced whole: the text goes to a temporary file beside it,
    which is renamed over it, so a full disk or an interrupted run never leaves a
    truncated file. Something else (``/dev/stdout``, a named pipe) is written to as
    it is and never read. A folder raises :class:`IsADirectoryError`.
    """
    data = text.encode("utf-8")
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if path.exists() and not path.is_file():
        with path.open("wb") as handle:
            handle.write(data)
        return True
    if _holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(_FILE_MODE)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: What ``open()`` would give a new file (temporary files are created private).
_FILE_MODE = 0o666 & ~_umask()
