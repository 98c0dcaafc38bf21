"""Directives behind the generated pages: a lab, an architecture, a tag, the indexes.

They are ordinary directives (``mc:lab``, ``mc:architecture``, ``mc:tag``,
``mc:benchmarks``, ``mc:index``, ``mc:summary``), so a user who overrides a
generated page can use them too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..data import registry
from ..data.hints import did_you_mean
from ..data.history import last_updated
from ..data.schema import Model
from ..data.standing import TOP_COUNT, latest_date, top_scores
from . import dependencies as keys
from . import i18n
from .directive import CatalogDirective
from .i18n import N_, _
from .render import nodes as n
from .render.columns import resolve_column
from .render.table import Board, SortKey, build_table

GROUP_COLUMNS = (
    "name",
    "parameters_b",
    "architecture",
    "alscore",
    "mmlu",
    "gpqa",
    "released",
    "access",
)


def anchor(objtype: str, obj_id: str) -> str:
    """HTML id of a lab, architecture, tag or benchmark declaration."""
    return f"mc-{objtype}-{obj_id}"


class _GroupPage(CatalogDirective):
    """A page for one lab, architecture or tag: title, facts, and its models."""

    objtype: ClassVar[keys.GroupKind]
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "columns": directives.unchanged,
        "no-title": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Title, description, counts and a table of the group's models."""
        obj_id = self.arguments[0].strip()
        title = self.display_name(obj_id)
        if title is None:
            hint = did_you_mean(obj_id, self.registry())
            self.warn(f"unknown {self.objtype} id {obj_id!r}{hint}", "reference")
            return [self.error_note(f"Unknown {self.objtype} {obj_id!r}.")]
        self.depend_on(
            [
                keys.entry(self.objtype, obj_id),
                keys.group_models(self.objtype, obj_id),
                keys.names(keys.INDEX_OF[self.objtype]),
                keys.BENCHMARKS,
            ]
        )
        self.domain.note_object(
            self.objtype, obj_id, self.env.docname, anchor(self.objtype, obj_id), title, True
        )
        models = self.catalog.models_where(self.objtype, obj_id)
        body: list[nodes.Node] = [*self.facts(obj_id), _counts(models), self.table(obj_id)]
        if "no-title" in self.options:
            target = nodes.target("", "", ids=[anchor(self.objtype, obj_id)])
            return [target, *body]
        section = n.section(
            title, anchor(self.objtype, obj_id), classes=[f"mc-{self.objtype}-page"]
        )
        section.extend(body)
        return [section]

    def registry(self) -> Mapping[str, object]:
        """Entries of this kind."""
        raise NotImplementedError

    def display_name(self, obj_id: str) -> str | None:
        """Name shown as the page title, or None for an unknown id."""
        entry = self.registry().get(obj_id)
        return getattr(entry, "name", None)

    def facts(self, obj_id: str) -> list[nodes.Node]:
        """Description and details above the table."""
        entry = self.registry()[obj_id]
        description = getattr(entry, "description", None)
        return [n.para(_(description), classes=["mc-description"])] if description else []

    def table(self, obj_id: str) -> nodes.Node:
        """The group's models, newest first."""
        names = self.options.get("columns")
        column_names = names.replace(",", " ").split() if names else list(GROUP_COLUMNS)
        columns = [c for c in (resolve_column(self.catalog, k) for k in column_names) if c]
        released = resolve_column(self.catalog, "released")
        assert released is not None
        board = Board(
            columns=columns,
            sort=[SortKey(released, descending=True)],
            models=self.catalog.models_where(self.objtype, obj_id),
            classes=[f"mc-{self.objtype}-models"],
            table_id=f"{self.objtype}-{obj_id}-models",
        )
        return build_table(board, self.catalog)


def _counts(models: Sequence[Model]) -> nodes.paragraph:
    public = sum(1 for m in models if m.access == "public")
    return n.para(
        n.strong(_("Total models")),
        f": {i18n.number(f'{len(models):,}')} · ",
        n.strong(_("Public")),
        f": {i18n.number(f'{public:,}')}",
        classes=["mc-counts"],
    )


class LabDirective(_GroupPage):
    """``.. mc:lab:: id``: a lab's page."""

    objtype = "lab"

    def registry(self) -> Mapping[str, object]:
        """Labs."""
        return self.catalog.labs

    def facts(self, obj_id: str) -> list[nodes.Node]:
        """Description, home page and country."""
        lab = self.catalog.labs[obj_id]
        result = super().facts(obj_id)
        fields = n.field_list(
            [
                (_("Website"), n.external(lab.url, lab.url) if lab.url else None),
                (_("Country"), lab.country),
            ]
        )
        if fields.children:
            result.append(fields)
        return result


class ArchitectureDirective(_GroupPage):
    """``.. mc:architecture:: id``: an architecture's page."""

    objtype = "architecture"

    def registry(self) -> Mapping[str, object]:
        """Architectures."""
        return self.catalog.architectures


class TagDirective(_GroupPage):
    """``.. mc:tag:: id``: a tag's page."""

    objtype = "tag"

    def registry(self) -> Mapping[str, object]:
        """Tags."""
        return self.catalog.tags


class BenchmarksDirective(CatalogDirective):
    """``.. mc:benchmarks::``: every benchmark with its description, score bands and
    its own leaderboard (the ten best scores)."""

    def run(self) -> list[nodes.Node]:
        """A section per benchmark, each a link target for ``:mc:bench:``."""
        self.depend_on([keys.BENCHMARKS, *keys.NEIGHBOUR_NAMES["benchmarks"]])
        result: list[nodes.Node] = []
        for bench in self.catalog.benchmarks.values():
            section = n.section(bench.name, anchor("benchmark", bench.id), classes=["mc-benchmark"])
            if bench.description:
                section += n.para(_(bench.description))
            details: list[tuple[str, n.Cell]] = [
                (_("Id"), n.inline(bench.id, ["mc-id"])),
                (_("Scale"), i18n.number(f"0-{bench.scale:g}")),
                (_("Reference"), n.external(bench.url, bench.url) if bench.url else None),
            ]
            section += n.field_list(details)
            if bench.bands:
                section += n.bullet_list(
                    [[i18n.analysis(b.text)] for b in bench.bands], classes=["mc-bands"]
                )
            section.extend(self._leaderboard(bench.id))
            self.domain.note_object(
                "benchmark",
                bench.id,
                self.env.docname,
                anchor("benchmark", bench.id),
                bench.name,
                True,
            )
            result.append(section)
        return result

    def _leaderboard(self, bench_id: str) -> list[nodes.Node]:
        """The benchmark's ten best scores as a leaderboard table; the page depends on
        those ten rows only, so a score further down does not re-read it."""
        self.depend_on([keys.benchmark_top_key(bench_id)])
        top = top_scores(self.catalog, bench_id, TOP_COUNT)
        if not top:
            note = _("No model in the catalog has a score on it yet.")
            return [n.para(note, classes=["mc-note"])]
        specs = [resolve_column(self.catalog, name) for name in ("name", "lab", bench_id)]
        specs += [resolve_column(self.catalog, name) for name in ("parameters_b", "released")]
        score = specs[2]
        assert score is not None
        board = Board(
            columns=[None, *(spec for spec in specs if spec is not None)],
            sort=[SortKey(score, descending=True)],
            table_id=nodes.make_id(f"benchmark-{bench_id}-top"),
            models=top,
        )
        return [build_table(board, self.catalog)]


class IndexDirective(CatalogDirective):
    """``.. mc:index:: labs|architectures|tags``: a table of entries with model counts."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """The table of one kind of entry."""
        kind = self.arguments[0].strip()
        objtype = next((k for k, name in keys.INDEX_OF.items() if name == kind), None)
        if objtype is None:
            self.warn(f"mc:index: expected labs, architectures or tags, got {kind!r}", "directive")
            return []
        listed = keys.INDEX_OF[objtype]
        self.depend_on([keys.index(listed), *keys.NEIGHBOUR_NAMES[listed]])
        registry = self.catalog.registry(objtype)
        rows: list[tuple[int, str, list[n.Cell]]] = []
        for obj_id, entry in registry.items():
            models = self.catalog.models_where(objtype, obj_id)
            if not models:
                continue
            public = sum(1 for m in models if m.access == "public")
            rows.append(
                (
                    len(models),
                    entry.name.casefold(),
                    [
                        n.xref(objtype, obj_id, entry.name),
                        i18n.number(f"{len(models):,}"),
                        i18n.number(f"{public:,}"),
                    ],
                )
            )
        rows.sort(key=lambda row: (-row[0], row[1]))
        columns = [
            n.Column(_(INDEX_HEADERS.get(objtype, objtype.capitalize())), 24, "text", objtype),
            n.Column(_("Models"), 8, "num", "count"),
            n.Column(_("Public"), 8, "num", "public"),
        ]
        table = n.table(
            columns,
            [r[2] for r in rows],
            classes=["mc-leaderboard", "mc-index-table"],
            table_id=f"{kind}-index",
        )
        return [table]


def _download_links() -> nodes.paragraph:
    """Links to the published data files; resolved (or dropped) per builder."""
    from ..data.export import DOWNLOAD_FILES

    links: list[nodes.Node] = []
    for name in DOWNLOAD_FILES:
        label = name.rpartition(".")[2].upper()
        links.append(nodes.reference(label, label, refuri=name, mc_file=name))
    paragraph = n.para(_("Download data: "), *n.joined(links), classes=["mc-downloads"])
    paragraph["mc_downloads"] = True
    return paragraph


#: The summary's tile per access level.
ACCESS_MODELS = {
    "public": N_("Public models"),
    "limited": N_("Limited models"),
    "private": N_("Private models"),
    "unknown": N_("Unknown models"),
}
#: Headers of the first column of index tables.
INDEX_HEADERS = {"lab": N_("Lab"), "architecture": N_("Architecture"), "tag": N_("Tag")}


def _count(number: int) -> str:
    return i18n.number(f"{number:,}")


class SummaryDirective(CatalogDirective):
    """``.. mc:summary::``: the catalog at a glance, as tiles (count, labs, last updated...)."""

    def run(self) -> list[nodes.Node]:
        """Models, labs, last updated, then by access, architectures and benchmarks."""
        self.depend_on([keys.SUMMARY, keys.LATEST])
        models = list(self.catalog.models.values())
        by_access = {
            key: sum(1 for m in models if m.access == key) for key in registry.ACCESS_LABELS
        }
        changed = last_updated(self.catalog)
        latest = (changed.year, changed.month) if changed else latest_date(self.catalog)
        version = self.settings.data_version
        items = [
            (_("Models"), _count(len(models))),
            (_("Labs"), _count(len({m.lab for m in models}))),
            (_("Last updated"), i18n.month(*latest) if latest else "-"),
            *([(_("Data version"), version)] if version else []),
            *(
                (
                    _(ACCESS_MODELS[key]) if key in ACCESS_MODELS else f"{label} models",
                    _count(count),
                )
                for key, label in registry.ACCESS_LABELS.items()
                if (count := by_access[key])
            ),
            (_("Architectures"), _count(len({m.architecture for m in models if m.architecture}))),
            (_("Benchmarks"), _count(len(self.catalog.benchmarks))),
        ]
        return [tiles(items), _download_links()]


def tiles(items: Sequence[tuple[str, str]]) -> nodes.container:
    """Figures as compact tiles: the value large, its label under it (a field list in
    builders without the stylesheet reads the same)."""
    box = nodes.container(classes=["mc-tiles"])
    for label, value in items:
        tile = nodes.container(classes=["mc-tile"])
        tile += n.para(value, classes=["mc-tile-value"])
        tile += n.para(label, classes=["mc-tile-label"])
        box += tile
    return box
