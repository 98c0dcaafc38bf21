"""The validated catalog, and the problems found on the way, each located in its file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import metrics
from .hints import did_you_mean
from .schema import (
    Architecture,
    Benchmark,
    Lab,
    Model,
    Tag,
    slugify,
)

REGISTRY_KINDS = ("labs", "architectures", "benchmarks", "tags")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is and what was expected."""

    path: str
    line: int | None
    subtype: str
    message: str
    #: The id of the model this problem left out of the catalog, if it did.
    left_out: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``path:line`` for Sphinx, or ``path:`` for a whole file.

        Sphinx reads a location without a colon as a document name and appends a
        source suffix to it (``data.json.rst``); the colon keeps the path as it is.
        """
        return f"{self.path}:{self.line}" if self.line else f"{self.path}:"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Origin:
    """Where an entry was defined, and the lines of the fields that name other entries."""

    path: str
    line: int | None
    #: ``("lab", 4)``, ``("benchmarks.mmlu", 9)``, ``("tags[1]", 12)``...
    field_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, field_path: str) -> int | None:
        """Line of a field (``lab``, ``benchmarks.mmlu``), else the entry's own line."""
        return self._field_line_map.get(field_path, self.line)

    @cached_property
    def _field_line_map(self) -> dict[str, int]:
        # Built once: a model with 20,000 benchmarks asks for each of their lines.
        return dict(self.field_lines)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Catalog:
    """Every validated entry, keyed by id, plus the problems met on the way."""

    models: dict[str, Model] = field(default_factory=dict)
    labs: dict[str, Lab] = field(default_factory=dict)
    architectures: dict[str, Architecture] = field(default_factory=dict)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    thresholds: metrics.Thresholds = field(default_factory=metrics.Thresholds)
    derived: dict[str, metrics.Derived] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Base model id -> ids of the catalog models derived from it, sorted.
    derived_models: dict[str, list[str]] = field(default_factory=dict)
    _groups: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    #: Figures computed from the whole catalog on first use (e.g. ``standing``).
    computed: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def registry(self, objtype: str) -> Mapping[str, Lab | Architecture | Benchmark | Tag]:
        """Entries of one kind (``lab``, ``architecture``, ``benchmark``, ``tag``) by id."""
        registries: dict[str, Mapping[str, Lab | Architecture | Benchmark | Tag]] = {
            "lab": self.labs,
            "architecture": self.architectures,
            "benchmark": self.benchmarks,
            "tag": self.tags,
        }
        return registries[objtype]

    def left_out(self, model_id: str) -> Problem | None:
        """The first problem that left the model ``model_id`` out of the catalog, if any."""
        if model_id in self.models:
            return None
        return next((p for p in self.problems if p.left_out == model_id), None)

    def unknown_model(self, model_id: str) -> str:
        """Why a reference to ``model_id`` finds no model: left out for a data error
        (and where that was reported), or unknown (with a close id, if any)."""
        problem = self.left_out(model_id)
        if problem is not None:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            return f"model {model_id!r} was left out: see the warning at {where}"
        return f"unknown model id {model_id!r}{did_you_mean(model_id, self.models)}"

    def lab_name(self, lab_id: str) -> str:
        """Display name of a lab id."""
        entry = self.labs.get(lab_id)
        return entry.name if entry else title_from_id(lab_id)

    def architecture_name(self, arch_id: str | None) -> str:
        """Display name of an architecture id."""
        if arch_id is None:
            return "-"
        entry = self.architectures.get(arch_id)
        return entry.name if entry else arch_id

    def models_where(self, attribute: str, value: str) -> list[Model]:
        """Models whose ``lab``, ``architecture`` or ``tag`` is ``value``, sorted by id."""
        if not self._groups:
            self._groups = _group_models(self.models)
        return [self.models[i] for i in self._groups.get(attribute, {}).get(value, ())]


def _group_models(models: Mapping[str, Model]) -> dict[str, dict[str, list[str]]]:
    """Model ids by lab, architecture and tag id (each list sorted like ``models``)."""
    groups: dict[str, dict[str, list[str]]] = {"lab": {}, "architecture": {}, "tag": {}}
    for model_id, model in models.items():
        groups["lab"].setdefault(model.lab, []).append(model_id)
        if model.architecture:
            groups["architecture"].setdefault(model.architecture, []).append(model_id)
        for tag_id in dict.fromkeys(slugify(t) for t in model.tags):
            groups["tag"].setdefault(tag_id, []).append(model_id)
    return groups


def title_from_id(entry_id: str) -> str:
    return " ".join(part.capitalize() for part in entry_id.replace("_", "-").split("-"))
