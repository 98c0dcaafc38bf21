"""``.. leaderboard::``: a ranked, filtered table over the whole catalog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..data.catalog import Catalog
from ..data.filters import FilterError, compile_filter, mismatched_kinds
from ..data.hints import did_you_mean
from ..data.schema import Model
from . import dependencies as keys
from .dependencies import column_keys, provenance_marker
from .directive import CatalogDirective, csv_option
from .domain import get_domain
from .history import AsOf, site_as_of
from .render import provenance as prov
from .render.columns import (
    ColumnSpec,
    filter_fields,
    filter_kinds,
    known_columns,
    resolve_column,
)
from .render.island import island_data, island_node
from .render.table import Board, Predicate, SortKey, board_rows, build_table

DEFAULT_COLUMNS = (
    "rank",
    "name",
    "lab",
    "parameters_b",
    "training_tokens_b",
    "alscore",
    "mmlu",
    "gpqa",
    "access",
)
DEFAULT_SORT = "-alscore"
#: ``:provenance:``: mark values that are not disclosed (the default), or not.
PROVENANCE_CHOICES = ("markers", "none")


def _never(_: dict[str, object]) -> bool:
    return False


class LeaderboardDirective(CatalogDirective):
    """Rank models by any column, with a filter, a limit and optional grouping."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "columns": directives.unchanged,
        "sort": directives.unchanged,
        "filter": directives.unchanged,
        "limit": directives.positive_int,
        "rank": directives.flag,
        "caption": directives.unchanged,
        "class": directives.class_option,
        "group-by": directives.unchanged,
        "name": directives.unchanged,
        "unranked": lambda arg: directives.choice(arg, ("show", "hide")),
        "more-columns": directives.unchanged,
        "provenance": lambda arg: directives.choice(arg, PROVENANCE_CHOICES),
        "as-of": directives.unchanged,
    }

    _view: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        """The catalog as of this table's date, if it has one; else the build's."""
        return self._view if self._view is not None else super().catalog

    def run(self) -> list[nodes.Node]:
        """Validate the options, then build the table from the catalog."""
        as_of = self._as_of()
        caption = self.options.get("caption")
        if as_of is not None:
            caption = as_of.caption(caption)
        predicate, problem = self._predicate()
        group_by = self._group_by()
        columns, sort = self._columns(), self._sort()
        extra = self._more_columns(columns)
        columns = [*columns, *extra]
        used = [c.key for c in columns if c] + [k.column.key for k in sort]
        used += [group_by.key] if group_by else []
        used += sorted(getattr(predicate, "fields", ()))
        marks = self.options.get("provenance", "markers") == "markers"
        shown = [c.key for c in columns if c and prov.key_of(c.key, self.catalog.benchmarks)]
        self.depend_on(column_keys(used) + [provenance_marker(k) for k in shown if marks])
        board = Board(
            columns=columns,
            sort=sort,
            predicate=predicate,
            limit=self.options.get("limit"),
            caption=caption,
            classes=self.options.get("class", []),
            table_id=self._table_id(),
            group_by=group_by,
            unranked=self.options.get("unranked", "show"),
            provenance=self.options.get("provenance", "markers") == "markers",
        )
        if group_by is None:
            rows = board_rows(board, self.catalog)
            content = [
                build_table(board, self.catalog, rows),
                self._island(board, [*rows[0], *rows[1]], [c.key for c in extra]),
            ]
        else:
            content = [build_table(board, self.catalog)]
        result: list[nodes.Node] = list(content)
        if problem:
            result.insert(0, self.error_note(problem))
        return result

    def _as_of(self) -> AsOf | None:
        """The table's ``:as-of:`` date (which wins), else the site's; sets the view."""
        site = site_as_of(self.settings)
        text = self.options.get("as-of")
        if text is None:
            return site
        try:
            own = AsOf.parse(text)
        except ValueError as exc:
            self.warn_option("as-of", f"leaderboard: bad :as-of: {exc}", "option")
            return site
        self._view = own.view(self.domain.full_catalog)
        self.depend_on([keys.HISTORY, keys.column("released")])
        return own

    def _island(self, board: Board, models: list[Model], hidden: list[str]) -> nodes.Node:
        """The browser's data for ``board`` (``models`` in table order)."""
        assert board.table_id is not None
        data = island_data(
            models,
            self.catalog,
            rank_by=board.sort[0].column.header if board.sort else None,
            sort=board.sort[0].column.key if board.sort else None,
            hidden=hidden,
            filterable=len(models) >= self.settings.interactive_min_rows,
        )
        return island_node(board.table_id, data)

    def _more_columns(self, shown: list[ColumnSpec | None]) -> list[ColumnSpec]:
        """Columns in the table but hidden until the reader picks them (HTML)."""
        keys = {spec.key for spec in shown if spec}
        extra = []
        for name in csv_option(self.options.get("more-columns")):
            spec = self._column(name)
            if spec is not None and spec.key not in keys:
                keys.add(spec.key)
                extra.append(spec)
        return extra

    def _table_id(self) -> str:
        name = self.options.get("name")
        if not name:
            return f"leaderboard-{self.env.new_serialno('mc-leaderboard') + 1}"
        table_id = nodes.make_id(name)
        used = self.env.temp_data.setdefault("mc_table_ids", set())
        assert isinstance(used, set)
        if table_id in used:
            unique = f"{table_id}-{self.env.new_serialno('mc-leaderboard') + 1}"
            self.warn_option(
                "name",
                f"leaderboard: another table of this page is named {name!r} "
                f"(HTML ids must be unique); this one gets the id {unique!r}",
                "option",
            )
            table_id = unique
        used.add(table_id)
        return table_id

    def _column(self, name: str) -> ColumnSpec | None:
        spec = resolve_column(self.catalog, name)
        if spec is None:
            hint = did_you_mean(name, known_columns(self.catalog))
            self.warn(f"leaderboard: unknown column {name!r}{hint}", "option")
        return spec

    def _columns(self) -> list[ColumnSpec | None]:
        names = csv_option(self.options.get("columns")) or list(DEFAULT_COLUMNS)
        if "rank" in self.options and "rank" not in names:
            names.insert(0, "rank")
        columns: list[ColumnSpec | None] = []
        for name in names:
            if name == "rank":
                columns.append(None)
            elif (spec := self._column(name)) is not None:
                columns.append(spec)
        return columns

    def _sort(self) -> list[SortKey]:
        raw = self.options.get("sort")
        keys = []
        for item in csv_option(raw if raw is not None else DEFAULT_SORT):
            name, descending = _sort_item(item)
            if name is None:
                self.warn(
                    f"leaderboard: bad sort key {item!r}; use 'name', '-name' or 'name:desc'",
                    "option",
                )
                continue
            spec = self._column(name)
            if spec is not None:
                keys.append(SortKey(spec, descending))
        return keys

    def _group_by(self) -> ColumnSpec | None:
        name = self.options.get("group-by")
        return self._column(name.strip()) if name else None

    def _predicate(self) -> tuple[Predicate | None, str | None]:
        text = self.options.get("filter")
        if not text:
            return None, None
        try:
            compiled = compile_filter(text, filter_fields(self.catalog))
        except FilterError as exc:
            self.warn_option("filter", f"leaderboard: bad filter: {exc.one_line()}", "filter")
            return _never, f"No rows: the filter is invalid ({exc.message}, column {exc.column})."
        for message in mismatched_kinds(compiled, filter_kinds(self.catalog)):
            self.warn_option("filter", f"leaderboard: filter: {message}", "filter")
        return compiled, None


class FinishCellMarkers(SphinxPostTransform):
    """Provenance markers of table cells as each builder writes them (see
    :func:`.render.provenance.finish_cell_markers`)."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        """Make this doctree's cell markers focusable (HTML) or short text (others)."""
        builder = get_domain(self.env).builder
        prov.finish_cell_markers(self.document, builder is not None and builder.format == "html")


def setup_leaderboard(app: Sphinx) -> None:
    """Register the directive and the post-transform of its provenance markers."""
    app.add_directive("leaderboard", LeaderboardDirective)
    app.add_post_transform(FinishCellMarkers)


def _sort_item(item: str) -> tuple[str | None, bool]:
    """``-alscore`` or ``alscore:desc`` -> (``alscore``, True)."""
    descending = False
    if item.startswith("-"):
        item, descending = item[1:], True
    elif item.startswith("+"):
        item = item[1:]
    if ":" in item:
        item, _, direction = item.partition(":")
        if direction.lower() not in {"asc", "desc"}:
            return None, False
        descending = direction.lower() == "desc"
    return (item or None), descending
