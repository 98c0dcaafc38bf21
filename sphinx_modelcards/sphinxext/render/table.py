"""Ranked tables: select, sort, rank and group models, then build a plain table node.

Sorting compares values as the cells display them (ALScore 0.9587 and 1.02 are
both 1.0), puts missing values last in either direction and breaks ties by name
then id, so the same data always gives the same order. Ordinal columns (tier,
access) sort by their defined order.

Ranks are honest: a model without a value for the ranking key (the first sort
key) gets no rank and is listed after the ranked ones, under a "not ranked"
divider row when the table shows ranks (or left out with ``unranked="hide"``);
``limit`` counts ranked models only. Models equal, as displayed, on the ranking key and every other
sort key the table shows share a rank (standard competition ranking: 1, 2, 2, 4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docutils import nodes

from ...data import metrics, registry
from ...data.catalog import Catalog
from ...data.schema import Model, slugify
from .. import i18n
from . import nodes as n
from . import provenance as prov
from .columns import ColumnSpec, cell_node, filter_record

Predicate = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class SortKey:
    """One sort key: a column and a direction."""

    column: ColumnSpec
    descending: bool = False


@dataclass(frozen=True)
class Board:
    """Everything a leaderboard needs, validated by the directive."""

    columns: Sequence[ColumnSpec | None]  # None stands for the rank column
    sort: Sequence[SortKey] = ()
    predicate: Predicate | None = None
    limit: int | None = None
    caption: str | None = None
    classes: Sequence[str] = ()
    table_id: str | None = None
    group_by: ColumnSpec | None = None
    models: Sequence[Model] | None = None  # the rows to consider; all models when None
    unranked: str = "show"  # show or hide the models without a ranking value
    #: Mark values whose provenance status is not *disclosed* (display only: never ranks).
    provenance: bool = True


def select(
    catalog: Catalog, predicate: Predicate | None, models: Sequence[Model] | None = None
) -> list[Model]:
    """Models (all of the catalog's by default) that pass the filter."""
    models = list(catalog.models.values() if models is None else models)
    if predicate is None:
        return models
    return [m for m in models if predicate(filter_record(m, catalog.derived[m.id], catalog))]


def _comparable(value: Any) -> Any:
    """A sort key for a displayed value (text by case-folded text)."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, list):
        return ",".join(v.casefold() for v in value)
    if isinstance(value, bool):
        return int(value)
    return value


def sort_models(models: list[Model], keys: Sequence[SortKey], catalog: Catalog) -> list[Model]:
    """Stable multi-key sort; missing values last whatever the direction."""
    ordered = sorted(models, key=lambda m: (m.name.casefold(), m.id))
    for key in reversed(keys):
        present = [
            m for m in ordered if key.column.sort_value(m, catalog.derived[m.id]) is not None
        ]
        missing = [m for m in ordered if key.column.sort_value(m, catalog.derived[m.id]) is None]
        # ``reverse=True`` keeps ties in their previous order, so ties stay by name.
        present.sort(key=_sort_value(key.column, catalog), reverse=key.descending)
        ordered = present + missing
    return ordered


def _sort_value(column: ColumnSpec, catalog: Catalog) -> Callable[[Model], Any]:
    def value(model: Model) -> Any:
        return _comparable(column.sort_value(model, catalog.derived[model.id]))

    return value


def split_ranked(
    models: Sequence[Model], keys: Sequence[SortKey], catalog: Catalog
) -> tuple[list[Model], list[Model]]:
    """(ranked, unranked): the models with and without a value for the first sort key."""
    if not keys:
        return list(models), []
    first = keys[0].column
    ranked: list[Model] = []
    unranked: list[Model] = []
    for model in models:
        has = first.sort_value(model, catalog.derived[model.id]) is not None
        (ranked if has else unranked).append(model)
    return ranked, unranked


def tie_keys(board: Board) -> list[SortKey]:
    """The sort keys ties are judged on: the ranking key and the other shown ones."""
    shown = {spec.key for spec in board.columns if spec is not None}
    return [k for i, k in enumerate(board.sort) if i == 0 or k.column.key in shown]


def ranks(models: Sequence[Model], keys: Sequence[SortKey], catalog: Catalog) -> list[int]:
    """Standard competition ranks (1, 2, 2, 4): models equal, as displayed, on every key tie.

    Without keys every model has its own rank, in order.
    """
    result: list[int] = []
    previous: tuple[Any, ...] | None = None
    for index, model in enumerate(models):
        derived = catalog.derived[model.id]
        values = tuple(k.column.sort_value(model, derived) for k in keys)
        tied = bool(keys) and index > 0 and values == previous
        result.append(result[-1] if tied else index + 1)
        previous = values
    return result


def board_rows(board: Board, catalog: Catalog) -> tuple[list[Model], list[Model]]:
    """(ranked, unranked) models of ``board``, sorted, ``limit`` applied to the ranked."""
    models = sort_models(select(catalog, board.predicate, board.models), board.sort, catalog)
    ranked, unranked = split_ranked(models, board.sort, catalog)
    if board.limit is not None:
        ranked = ranked[: board.limit]
    return ranked, ([] if board.unranked == "hide" else unranked)


def build_table(
    board: Board, catalog: Catalog, rows: tuple[list[Model], list[Model]] | None = None
) -> nodes.Node:
    """The leaderboard table for ``board`` (``rows``: :func:`board_rows`, if known)."""
    if board.group_by is not None:
        return _group_table(board, catalog)
    ranked, unranked = rows or board_rows(board, catalog)
    rank_values = ranks(ranked, tie_keys(board), catalog)
    cells: list[Sequence[n.Cell] | n.Divider] = [
        _cells(board, model, str(rank), catalog)
        for model, rank in zip(ranked, rank_values, strict=True)
    ]
    if unranked and None in board.columns:  # a divider only where ranks are shown
        cells.append(n.Divider(_divider_text(board, len(unranked))))
    cells += [_cells(board, model, None, catalog) for model in unranked]
    marked = _marked_columns(board, cells)
    columns = [_column(spec, spec is not None and spec.key in marked) for spec in board.columns]
    classes = ["mc-leaderboard", "longtable", *board.classes]
    if not cells:
        classes.append("mc-empty")
    return n.table(columns, cells, classes=classes, caption=board.caption, table_id=board.table_id)


def _cells(board: Board, model: Model, rank: str | None, catalog: Catalog) -> list[n.Cell]:
    derived = catalog.derived[model.id]
    cells: list[n.Cell] = []
    for spec in board.columns:
        if spec is None:
            cells.append(rank)
            continue
        cell = cell_node(spec, model, derived, catalog)
        if board.provenance:
            cell = _with_marker(cell, model, spec.key, catalog)
        cells.append(cell)
    return cells


def _with_marker(cell: n.Cell, model: Model, column: str, catalog: Catalog) -> n.Cell:
    """``cell`` followed by the provenance marker of its value, when it has one."""
    key = prov.key_of(column, catalog.benchmarks)
    marker = prov.cell_marker(model, key) if key and cell is not None else None
    if marker is None or cell is None:
        return cell
    children = list(cell.children) if isinstance(cell, nodes.paragraph) else [cell]
    return n.para(*children, " ", marker)


def _divider_text(board: Board, count: int) -> str:
    column = i18n._(board.sort[0].column.header)
    if count == 1:
        return i18n._("Not ranked: 1 model without {column}").format(column=column)
    return i18n._("Not ranked: {count} models without {column}").format(
        count=i18n.number(f"{count:,}"), column=column
    )


#: Width of a column with provenance markers: room for "66.7 (measured)" in text output.
MARKED_WIDTH = 16


def _marked_columns(board: Board, rows: Sequence[Sequence[n.Cell] | n.Divider]) -> set[str]:
    """Keys of the columns in which some cell has a provenance marker."""
    marked: set[str] = set()
    for row in rows:
        if isinstance(row, n.Divider):
            continue
        for spec, cell in zip(board.columns, row, strict=True):
            if spec is not None and _has_marker(cell):
                marked.add(spec.key)
    return marked


def _has_marker(cell: n.Cell) -> bool:
    if not isinstance(cell, nodes.Element):
        return False
    return any(prov.CELL_MARKER in a["classes"] for a in cell.findall(nodes.abbreviation))


def _column(spec: ColumnSpec | None, marked: bool = False) -> n.Column:
    if spec is None:
        return n.Column(i18n._("Rank"), 5, "num", "rank")
    width = max(spec.width, MARKED_WIDTH) if marked else spec.width
    return n.Column(i18n._(spec.header), width, spec.kind, spec.key)


#: The group of models without a value (translated when shown).
UNKNOWN = "Unknown"


def group_counts(models: Sequence[Model], spec: ColumnSpec, catalog: Catalog) -> Counter[str]:
    """How many models have each value of ``spec`` (list fields count each item)."""
    counts: Counter[str] = Counter()
    for model in models:
        value = spec.get(model, catalog.derived[model.id])
        values = value if isinstance(value, list) else [value]
        for item in values:
            counts[_group_label(spec, item, catalog)] += 1
    return counts


def _group_label(spec: ColumnSpec, value: Any, catalog: Catalog) -> str:
    if value is None:
        return UNKNOWN
    if spec.key == "lab":
        return str(value)
    if spec.key == "access":
        known = registry.ACCESS_LABELS.get(str(value))
        return i18n._(known) if known else str(value)
    if isinstance(value, tuple):
        return str(value[0])  # group dates by year
    if isinstance(value, float):
        return i18n.number(metrics.format_score(value))
    return str(value)


def _group_table(board: Board, catalog: Catalog) -> nodes.Node:
    assert board.group_by is not None
    spec = board.group_by
    models = select(catalog, board.predicate, board.models)
    counts = group_counts(models, spec, catalog)
    total = len(models)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    if board.limit is not None:
        ordered = ordered[: board.limit]
    rows = [
        [
            _group_cell(spec, label, catalog),
            i18n.number(f"{count:,}"),
            i18n.number(f"{100 * count / total:.1f}%"),
        ]
        for label, count in ordered
    ]
    columns = [
        n.Column(i18n._(spec.header), 20, "text", spec.key),
        n.Column(i18n._("Models"), 8, "num", "count"),
        n.Column(i18n._("Share"), 8, "num", "share"),
    ]
    classes = ["mc-leaderboard", "mc-summary-table", *board.classes]
    return n.table(columns, rows, classes=classes, caption=board.caption, table_id=board.table_id)


def _group_cell(spec: ColumnSpec, label: str, catalog: Catalog) -> n.Cell:
    if label == UNKNOWN:
        return i18n._("Unknown")
    if spec.key == "lab":
        return n.xref("lab", label, catalog.lab_name(label))
    if spec.key == "architecture":
        return n.xref("architecture", label, catalog.architecture_name(label))
    if spec.key == "tags":
        return n.xref("tag", slugify(label), label)
    return label
