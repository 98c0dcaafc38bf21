"""Update the benchmark scores of one model in a YAML data file, keeping what the user wrote.

The file is read and written with ruamel.yaml's round-trip mode, so comments, key
order and quoting survive; each imported score gets an end-of-line comment saying
where it came from. Files are replaced atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

__all__ = ["ModelFile", "ModelFileError", "Score", "round_trip_yaml", "write_atomically"]


class ModelFileError(ValueError):
    """A model file that cannot be updated; the message names the file."""


@dataclass(frozen=True)
class Score:
    """A score to write, with the comment that records its provenance."""

    benchmark: str
    value: float
    comment: str
    #: Provenance fields written with the value (``status``, ``method``, ``n_shot``...).
    provenance: Mapping[str, Any] | None = None

    def written(self) -> float | CommentedMap:
        """The value as the file holds it: a number, or a one-line provenance mapping."""
        if not self.provenance:
            return self.value
        mapping = CommentedMap([("value", self.value), *self.provenance.items()])
        mapping.fa.set_flow_style()
        return mapping


@dataclass
class Outcome:
    """What an update did, benchmark by benchmark."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def round_trip_yaml() -> YAML:
    """A ruamel.yaml instance that keeps comments, order and quotes, indented as our files."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the lines the user wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _entries(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        yield from data
    elif isinstance(data, dict) and "id" not in data and isinstance(data.get("models"), list):
        yield from data["models"]
    else:
        yield data


class ModelFile:
    """One model's mapping inside a YAML data file (alone, in a list or in ``models:``)."""

    def __init__(self, path: Path, model_id: str, new: dict[str, Any] | None = None) -> None:
        self.path = path
        self._yaml = round_trip_yaml()
        if new is not None:
            self._data: Any = CommentedMap(new)
            self.entry: CommentedMap = self._data
            return
        if path.suffix.lower() not in (".yaml", ".yml"):
            raise ModelFileError(f"{path}: only YAML model files can be updated in place")
        try:
            self._data = self._yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise ModelFileError(f"{path}: cannot read: {exc}") from None
        found = [
            e
            for e in _entries(self._data)
            if isinstance(e, CommentedMap) and e.get("id") == model_id
        ]
        if not found:
            raise ModelFileError(f"{path}: no model {model_id!r} in this file")
        entry: CommentedMap = found[0]
        self.entry = entry

    def update(self, scores: list[Score], *, replace: bool) -> Outcome:
        """Write ``scores``; a value unlike the file's is a conflict unless ``replace``."""
        outcome = Outcome()
        if not isinstance(self.entry.get("benchmarks"), dict):
            self.entry["benchmarks"] = CommentedMap()
        benchmarks: CommentedMap = self.entry["benchmarks"]
        for score in scores:
            old = benchmarks.get(score.benchmark)
            if isinstance(old, Mapping):  # a value with its provenance
                old = old.get("value")
            if old is not None and abs(float(old) - score.value) < 0.005:
                outcome.unchanged.append(score.benchmark)
                continue
            if old is not None and not replace:
                outcome.conflicts.append(
                    f"{score.benchmark}: file has {old}, results say {score.value:g}"
                )
                continue
            (outcome.added if old is None else outcome.replaced).append(score.benchmark)
            benchmarks[score.benchmark] = score.written()
            benchmarks.ca.items.pop(score.benchmark, None)
            benchmarks.yaml_add_eol_comment(score.comment, score.benchmark)
        return outcome

    def text(self) -> str:
        """The file's new content."""
        buffer = io.StringIO()
        self._yaml.dump(self._data, buffer)
        return buffer.getvalue()

    def plain(self) -> dict[str, Any]:
        """The model entry as plain data, for validation."""
        return dict(_yaml_plain(self.entry))


def _yaml_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _yaml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_plain(v) for v in value]
    return value
