"""Table columns: every model field, derived metric and benchmark, with header and format.

A column knows how to read a value from a model (for sorting and filtering) and
how to show it in a cell. Leaderboards, lab pages and exports all use these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from docutils import nodes

from ...data import metrics, registry
from ...data.catalog import Catalog
from ...data.schema import SCORE_PREFIX, Model, base_label, slugify
from .. import i18n
from ..i18n import N_
from . import nodes as n

Getter = Callable[[Model, metrics.Derived], Any]
Shower = Callable[[Model, metrics.Derived, Catalog], n.Cell]


@dataclass(frozen=True)
class ColumnSpec:
    """How to read, show and sort one column."""

    key: str
    header: str
    kind: str  # text, num, date or ord (ordinal: sorted by a defined order)
    get: Getter
    show: Shower
    width: int = 10
    description: str = ""
    #: The value at the precision a cell shows it (None: shown exactly).
    shown: Callable[[Any], Any] | None = None
    #: Position in a defined order (ordinal columns sort by it, not alphabetically).
    order: Callable[[Any], int | None] | None = None

    def value(self, model: Model, derived: metrics.Derived) -> Any:
        """The value as displayed: what filters test and ranks compare."""
        value = self.get(model, derived)
        return value if value is None or self.shown is None else self.shown(value)

    def sort_value(self, model: Model, derived: metrics.Derived) -> Any:
        """The displayed value, or its position for ordinal columns; None when missing."""
        value = self.value(model, derived)
        return value if value is None or self.order is None else self.order(value)


def _rounded(digits: int) -> Callable[[float], float]:
    return lambda value: round(value, digits)


def _billions_shown(value: float) -> float:
    """What :func:`metrics.format_billions` shows: whole numbers from 100, else 2 decimals."""
    return float(round(value)) if value >= 100 else round(value, 2)


def _tokens_shown(value: float) -> float:
    """What :func:`metrics.format_tokens` shows: trillions to 2 decimals from 1,000."""
    if value >= 1000:
        return round(round(value / 1000, 2) * 1000, 6)
    return _billions_shown(value)


def _ratio_shown(value: float) -> float:
    return float(round(value)) if value >= 10 else round(value, 1)


#: Ordinal columns' defined orders: the first sorts first when ascending (the
#: tiers' order comes from ``modelcards_alscore_tiers``, highest first).
TIER_ORDER = tuple(label for _, label in registry.ALSCORE_TIERS)
ACCESS_ORDER = ("public", "limited", "private")


def _position(order: tuple[str, ...]) -> Callable[[Any], int | None]:
    positions = {value: index for index, value in enumerate(order)}
    return lambda value: positions.get(str(value))


def _ordinal(value: str, position: int | None, classes: list[str]) -> nodes.inline:
    """An inline that tells the browser the value's position (``mc-ord-N``)."""
    if position is not None:
        classes = [*classes, f"mc-ord-{position}"]
    return nodes.inline(value, value, classes=classes)


def _released_key(model: Model, _: metrics.Derived) -> tuple[int, int, int] | None:
    if model.released is None or model.released.year is None:
        return None
    return (model.released.year, model.released.month or 0, model.released.day or 0)


def _name_cell(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
    return n.xref("model", model.id, model.name)


def _lab_cell(model: Model, _: metrics.Derived, catalog: Catalog) -> n.Cell:
    """The lab's short name when it has one; the link's title holds the full name."""
    lab = catalog.labs.get(model.lab)
    label = lab.short_name if lab and lab.short_name else catalog.lab_name(model.lab)
    return n.xref("lab", model.lab, label)


def _arch_cell(model: Model, _: metrics.Derived, catalog: Catalog) -> n.Cell:
    if not model.architecture:
        return None
    return n.xref("architecture", model.architecture, catalog.architecture_name(model.architecture))


def _access_cell(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
    known = registry.ACCESS_LABELS.get(model.access)
    label = i18n._(known) if known else model.access
    position = _position(ACCESS_ORDER)(model.access)
    return _ordinal(label, position, ["mc-badge", f"mc-badge-{model.access}"])


def _tier_cell(_: Model, derived: metrics.Derived, catalog: Catalog) -> n.Cell:
    if derived.tier is None:
        return None
    return _ordinal(i18n._(derived.tier), _tier_order(catalog)(derived.tier), ["mc-tier"])


def _tier_order(catalog: Catalog) -> Callable[[Any], int | None]:
    """Tiers in the configured order, highest first."""
    return _position(tuple(label for _, label in catalog.thresholds.tiers))


def _tags_cell(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
    if not model.tags:
        return None
    refs = [n.xref("tag", slugify(t), t, classes=["mc-tag"]) for t in model.tags]
    return n.para(*n.joined(refs, " "))


def _released_cell(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
    return i18n.release(model.released)


def _compute_optimal_cell(model: Model, derived: metrics.Derived, __: Catalog) -> n.Cell:
    if derived.compute_optimal is None:
        return None
    return i18n._("Yes") if derived.compute_optimal else i18n._("No")


def _text(attribute: str) -> Shower:
    def show(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
        value = getattr(model, attribute)
        if isinstance(value, list):
            return ", ".join(value) or None
        return None if value is None else str(value)

    return show


def _attr(attribute: str) -> Getter:
    return lambda model, _: getattr(model, attribute)


def _fmt(attribute: str, formatter: Callable[[Any], str]) -> Shower:
    def show(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
        value = getattr(model, attribute)
        return None if value is None else i18n.number(formatter(value))

    return show


def _derived_fmt(attribute: str, formatter: Callable[[Any], str]) -> Shower:
    def show(_: Model, derived: metrics.Derived, __: Catalog) -> n.Cell:
        value = getattr(derived, attribute)
        return None if value is None else i18n.number(formatter(value))

    return show


def _base_value(model: Model, _: metrics.Derived) -> str | list[str] | None:
    """The base's id or name, or the list of them for a merge (filters: ``"x" in base_model``)."""
    labels = [base_label(b) for b in model.base_model]
    if not labels:
        return None
    return labels[0] if len(labels) == 1 else labels


def _base_cell(model: Model, _: metrics.Derived, catalog: Catalog) -> n.Cell:
    refs: list[nodes.Node] = []
    for base in model.base_model:
        known = catalog.models.get(base) if isinstance(base, str) else None
        label = base_label(base)
        refs.append(n.xref("model", known.id, known.name) if known else nodes.Text(label))
    return n.para(*n.joined(refs)) if refs else None


FIELD_COLUMNS: dict[str, ColumnSpec] = {
    spec.key: spec
    for spec in (
        ColumnSpec("name", N_("Model"), "text", _attr("name"), _name_cell, 24, "Model name"),
        ColumnSpec("id", N_("Id"), "text", _attr("id"), _text("id"), 16, "Model id"),
        ColumnSpec("lab", N_("Lab"), "text", _attr("lab"), _lab_cell, 14, "Lab (id)"),
        ColumnSpec("released", N_("Released"), "date", _released_key, _released_cell, 10),
        ColumnSpec(
            "access",
            N_("Access"),
            "ord",
            _attr("access"),
            _access_cell,
            9,
            order=_position(ACCESS_ORDER),
        ),
        ColumnSpec(
            "architecture", N_("Architecture"), "text", _attr("architecture"), _arch_cell, 10
        ),
        ColumnSpec(
            "parameters_b",
            N_("Params"),
            "num",
            _attr("parameters_b"),
            _fmt("parameters_b", metrics.format_billions),
            9,
            "Total parameters (billions)",
            shown=_billions_shown,
        ),
        ColumnSpec(
            "active_parameters_b",
            N_("Active"),
            "num",
            _attr("active_parameters_b"),
            _fmt("active_parameters_b", metrics.format_billions),
            9,
            "Active parameters per token (billions)",
            shown=_billions_shown,
        ),
        ColumnSpec(
            "training_tokens_b",
            N_("Tokens"),
            "num",
            _attr("training_tokens_b"),
            _fmt("training_tokens_b", metrics.format_tokens),
            9,
            "Training tokens (billions)",
            shown=_tokens_shown,
        ),
        ColumnSpec(
            "context_window",
            N_("Context"),
            "num",
            _attr("context_window"),
            _fmt("context_window", metrics.format_count),
            9,
            "Context window (tokens)",
        ),
        ColumnSpec(
            "alscore",
            "ALScore",
            "num",
            lambda _, d: d.alscore,
            _derived_fmt("alscore", metrics.format_alscore),
            8,
            shown=_rounded(1),
        ),
        ColumnSpec(
            "tier",
            N_("Tier"),
            "ord",
            lambda _, d: d.tier,
            _tier_cell,
            12,
            order=_position(TIER_ORDER),
        ),
        ColumnSpec(
            "ratio",
            N_("Tokens:param"),
            "num",
            lambda _, d: d.ratio,
            _derived_fmt("ratio", metrics.format_ratio),
            10,
            "Training tokens per parameter",
            shown=_ratio_shown,
        ),
        ColumnSpec(
            "compute_optimal",
            N_("Compute-optimal"),
            "text",
            lambda _, d: d.compute_optimal,
            _compute_optimal_cell,
            8,
        ),
        ColumnSpec("license", N_("Licence"), "text", _attr("license"), _text("license"), 10),
        ColumnSpec("tags", N_("Tags"), "text", _attr("tags"), _tags_cell, 16),
        ColumnSpec(
            "dataset_types", N_("Data"), "text", _attr("dataset_types"), _text("dataset_types"), 14
        ),
        ColumnSpec("base_model", N_("Base model"), "text", _base_value, _base_cell, 12),
        ColumnSpec(
            "base_relation",
            N_("Relation"),
            "text",
            _attr("base_relation"),
            _text("base_relation"),
            9,
            "How the model was made from its base: finetune, adapter, quantized, merge, "
            "distillation",
        ),
        ColumnSpec(
            "compute",
            N_("Compute"),
            "num",
            lambda _, d: d.compute,
            _derived_fmt("compute", metrics.format_flop),
            11,
            "Training compute, FLOP: as stated, else about 6 x active parameters x tokens",
        ),
        ColumnSpec("summary", N_("Summary"), "text", _attr("summary"), _text("summary"), 30),
    )
}

#: Column names accepted as aliases.
ALIASES = {
    "model": "name",
    "params": "parameters_b",
    "parameters": "parameters_b",
    "active": "active_parameters_b",
    "tokens": "training_tokens_b",
    "context": "context_window",
    "arch": "architecture",
    "token_param_ratio": "ratio",
    "status": "access",
    "date": "released",
    "score": "alscore",
}


def benchmark_column(catalog: Catalog, bench_id: str) -> ColumnSpec:
    """A column with a benchmark's scores."""
    benchmark = catalog.benchmarks[bench_id]

    def get(model: Model, _: metrics.Derived) -> float | None:
        return model.benchmarks.get(bench_id)

    def show(model: Model, _: metrics.Derived, __: Catalog) -> n.Cell:
        score = model.benchmarks.get(bench_id)
        return None if score is None else i18n.number(metrics.format_score(score))

    return ColumnSpec(
        bench_id, benchmark.name, "num", get, show, 7, benchmark.description or "", _rounded(1)
    )


def resolve_column(catalog: Catalog, name: str) -> ColumnSpec | None:
    """The column called ``name`` (a field, alias, derived metric or benchmark id)."""
    key = ALIASES.get(name, name)
    if key == "tier":
        return replace(FIELD_COLUMNS[key], order=_tier_order(catalog))
    if key in FIELD_COLUMNS:
        return FIELD_COLUMNS[key]
    if key in catalog.benchmarks:
        return benchmark_column(catalog, key)
    return None


def known_columns(catalog: Catalog) -> list[str]:
    """Every column name, for messages and docs."""
    return [*FIELD_COLUMNS, *ALIASES, "rank", *catalog.benchmarks]


def filter_record(model: Model, derived: metrics.Derived, catalog: Catalog) -> dict[str, Any]:
    """The values a filter expression can test, for one model, as tables display them.

    A filter compares what the reader sees: ALScore 0.9587 is shown as 1.0, so it
    passes ``alscore >= 1``; scores are rounded to one decimal, parameters and
    tokens to the digits their cells show.
    """
    record: dict[str, Any] = {
        key: spec.value(model, derived) for key, spec in FIELD_COLUMNS.items()
    }
    record["lab_name"] = catalog.lab_name(model.lab)
    for bench_id in catalog.benchmarks:
        score = model.benchmarks.get(bench_id)
        record[bench_id] = None if score is None else round(score, 1)
    record.update(provenance_record(model))
    return record


def filter_fields(catalog: Catalog) -> list[str]:
    """Names a filter may use."""
    return [*FIELD_COLUMNS, "lab_name", *catalog.benchmarks, *provenance_filter_fields(catalog)]


#: Numbers whose provenance status a filter can test: ``parameters_b.status``.
PROVENANCE_COLUMNS = (
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "compute",
)
#: Provenance keys shown under another column name (stated compute: ``compute.status``).
_PROVENANCE_NAMES = {"training_compute_flop": "compute"}


#: What a filter can test of a number's provenance, with each part's kind.
PROVENANCE_PARTS = {
    "status": "text",
    "source": "text",
    "verified": "bool",
    "method": "text",
    "n_shot": "num",
}


def provenance_record(model: Model) -> dict[str, Any]:
    """``<field>.status``, ``<benchmark>.source``... of one model (``None`` when not given)."""
    out: dict[str, Any] = {}
    for key, info in model.provenance.items():
        name = key.removeprefix(SCORE_PREFIX)
        name = _PROVENANCE_NAMES.get(name, name)
        for part in PROVENANCE_PARTS:
            out[f"{name}.{part}"] = getattr(info, part)
    return out


def provenance_filter_fields(catalog: Catalog) -> list[str]:
    """The ``.status``, ``.source``... field names of every number and benchmark."""
    names = [*PROVENANCE_COLUMNS, *catalog.benchmarks]
    return [f"{name}.{part}" for name in names for part in PROVENANCE_PARTS]


def filter_kinds(catalog: Catalog) -> dict[str, str]:
    """The kind (``num``, ``text``, ``date``) of each filter field."""
    kinds = {key: spec.kind for key, spec in FIELD_COLUMNS.items()}
    kinds["lab_name"] = "text"
    kinds.update(dict.fromkeys(catalog.benchmarks, "num"))
    for name in provenance_filter_fields(catalog):
        kinds[name] = PROVENANCE_PARTS[name.rsplit(".", 1)[1]]
    return kinds


def cell_node(spec: ColumnSpec, model: Model, derived: metrics.Derived, catalog: Catalog) -> n.Cell:
    """The content of one cell."""
    value = spec.show(model, derived, catalog)
    if isinstance(value, nodes.Node) or value is None:
        return value
    return str(value)
