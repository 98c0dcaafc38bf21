"""``.. modelchart:: <kind>``: build-time SVG charts of the catalog.

Kinds: ``params-tokens``, ``releases``, ``benchmarks``, ``score-size`` (against
parameters or training compute), ``lab-timeline`` and ``compute-timeline`` (see
:mod:`.render.charts`). While reading, the directive checks its options, picks the
models and emits a figure: a :class:`chart` node holding
what to draw as plain data (kind, model ids, sizes) with a one-line text fallback
inside it, and a caption.

:class:`DrawCharts`, a post-transform that runs before Sphinx's own (so every other
post-transform sees the result), replaces each :class:`chart` node: HTML builders
get the SVG in a ``raw`` node, drawn with links to the pages of the models as the
builder writing names them (dirhtml, singlehtml, epub...); every other builder
gets the text fallback. Nothing is rewritten after the fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..data import registry
from ..data.catalog import Catalog
from ..data.filters import FilterError, compile_filter
from ..data.hints import did_you_mean
from ..data.schema import Model
from . import dependencies as keys
from .directive import CatalogDirective
from .domain import get_domain
from .i18n import _
from .render import charts
from .render.card import closest_models
from .render.columns import filter_fields
from .render.table import Predicate, select

OPTIONS = (
    "filter",
    "model",
    "benchmark",
    "lab",
    "architecture",
    "title",
    "caption",
    "width",
    "height",
    "neighbours",
    "size",
    "class",
)
KINDS = (
    "params-tokens",
    "releases",
    "benchmarks",
    "score-size",
    "lab-timeline",
    "compute-timeline",
)
#: What a ``score-size`` chart puts on its x axis (``:size:``); the first is the default.
SIZES = ("parameters", "compute")
_COMMON = frozenset({"title", "caption", "class"})
#: Options each kind accepts besides title, caption and class.
ALLOWED: dict[str, frozenset[str]] = {
    "params-tokens": frozenset(
        {"filter", "model", "neighbours", "architecture", "width", "height"}
    ),
    "releases": frozenset({"filter", "width", "height"}),
    "benchmarks": frozenset({"model", "width"}),
    "score-size": frozenset({"filter", "model", "benchmark", "size", "width", "height"}),
    "lab-timeline": frozenset({"filter", "model", "lab", "width", "height"}),
    "compute-timeline": frozenset({"filter", "model", "width", "height"}),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "benchmarks": ("model",),
    "score-size": ("benchmark",),
    "lab-timeline": ("lab",),
}
#: Models shown around the highlighted one by ``:neighbours:`` without a count.
DEFAULT_NEIGHBOURS = 10
WIDTHS = (240, 2000)
HEIGHTS = (160, 2000)
#: Class that keeps an element out of Sphinx's search index (Sphinx >= 8.2).
NO_SEARCH = "no-search"
#: Post-transform priority of drawing: before Sphinx's reference resolver (10), so
#: every other post-transform sees the drawn chart.
DRAW_PRIORITY = 5


class chart(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """What a chart shows (``mc_plan``: a :class:`Plan` as a dict), and its text
    fallback as children; replaced by :class:`DrawCharts` before any writer runs."""


@dataclass(frozen=True)
class Plan:
    """Everything needed to draw a chart again, as plain values (stored in the doctree)."""

    kind: str
    chart_id: str
    model_ids: list[str]
    title: str | None = None
    highlight: str | None = None
    benchmark: str | None = None
    lab: str | None = None
    size: dict[str, int] = field(default_factory=dict)
    #: The x axis of a ``score-size`` chart: ``parameters`` or ``compute``.
    axis: str | None = None


@dataclass
class _Request:
    """The validated options of one chart."""

    kind: str = ""
    predicate: Predicate | None = None
    model: Model | None = None
    benchmark: str | None = None
    lab: str | None = None
    architecture: str | None = None
    neighbours: int | None = None
    size: dict[str, int] = field(default_factory=dict)
    axis: str | None = None
    classes: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, subtype)

    def fail(self, message: str, subtype: str = "chart") -> None:
        self.problems.append((f"modelchart: {message}", subtype))


class ModelchartDirective(CatalogDirective):
    """Draw a chart of the catalog; every bad option is a warning and a visible note."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = dict.fromkeys(
        OPTIONS, directives.unchanged
    )

    def run(self) -> list[nodes.Node]:
        """Validate the options, pick the models, draw, and note what the page shows."""
        request = self._request()
        if request.problems:
            for message, subtype in request.problems:
                self.warn(message, subtype)
            self.depend_on([keys.CATALOG])
            first = request.problems[0][0].removeprefix("modelchart: ")
            return [self.error_note(f"Chart unavailable: {first}.")]
        plan, shown = self._plan(request)
        self.depend_on(shown)
        return [self._figure(request, plan)]

    # options ----------------------------------------------------------------------------------

    def _request(self) -> _Request:
        request = _Request()
        kind = self.arguments[0].strip() if self.arguments else ""
        if kind not in KINDS:
            hint = did_you_mean(kind, KINDS)
            got = f"unknown chart kind {kind!r}{hint}" if kind else "missing chart kind"
            request.fail(f"{got}; expected one of {', '.join(KINDS)}")
            return request
        request.kind = kind
        allowed = ALLOWED[kind] | _COMMON
        for name in sorted(set(self.options) - allowed):
            request.fail(f":{name}: does not apply to a {kind} chart")
        for name in REQUIRED.get(kind, ()):
            if name not in self.options:
                request.fail(f"a {kind} chart needs :{name}:")
        for name in sorted(set(self.options) & allowed - {"neighbours"}):
            if not self._text(name):
                request.fail(f":{name}: needs a value")
        self._filter(request)
        self._ids(request)
        self._numbers(request)
        self._axis(request)
        self._classes(request)
        if request.architecture and "neighbours" in self.options:
            request.fail(":architecture: and :neighbours: cannot be combined")
        return request

    def _text(self, name: str) -> str:
        return str(self.options.get(name) or "").strip()

    def _filter(self, request: _Request) -> None:
        if not self._text("filter") or "filter" not in ALLOWED[request.kind]:
            return
        try:
            request.predicate = compile_filter(self._text("filter"), filter_fields(self.catalog))
        except FilterError as exc:
            request.fail(f"bad filter: {exc.one_line()}", "filter")

    def _ids(self, request: _Request) -> None:
        accepts = ALLOWED[request.kind]
        if (model_id := self._text("model")) and "model" in accepts:
            request.model = self.catalog.models.get(model_id)
            if request.model is None:
                request.fail(self.catalog.unknown_model(model_id))
        if (bench_id := self._text("benchmark")) and "benchmark" in accepts:
            if bench_id in self.catalog.benchmarks:
                request.benchmark = bench_id
            else:
                request.fail(self._unknown("benchmark", bench_id, self.catalog.benchmarks))
        if (lab_id := self._text("lab")) and "lab" in accepts:
            if lab_id in self.catalog.labs or self.catalog.models_where("lab", lab_id):
                request.lab = lab_id
            else:
                request.fail(self._unknown("lab", lab_id, self.catalog.labs))
        if (arch_id := self._text("architecture")) and "architecture" in accepts:
            known = self.catalog.architectures
            if arch_id in known or self.catalog.models_where("architecture", arch_id):
                request.architecture = arch_id
            else:
                request.fail(self._unknown("architecture", arch_id, known))

    @staticmethod
    def _unknown(what: str, value: str, known: Mapping[str, object]) -> str:
        return f"unknown {what} id {value!r}{did_you_mean(value, known)}"

    def _numbers(self, request: _Request) -> None:
        accepts = ALLOWED[request.kind]
        for name, (low, high) in (("width", WIDTHS), ("height", HEIGHTS)):
            if name in self.options and name in accepts:
                number = _whole(self._text(name).removesuffix("px"), low, high)
                if number is None:
                    request.fail(
                        f":{name}: expects a whole number of pixels from {low} to {high}, "
                        f"got {self._text(name)!r}"
                    )
                else:
                    request.size[name] = number
        if "neighbours" in self.options and "neighbours" in accepts:
            text = self._text("neighbours")
            count = _whole(text, 1, 1000) if text else DEFAULT_NEIGHBOURS
            if count is None:
                request.fail(
                    f":neighbours: expects a count from 1 to 1000 or nothing, got {text!r}"
                )
            elif not self._text("model"):
                request.fail(":neighbours: needs :model:")
            request.neighbours = count

    def _axis(self, request: _Request) -> None:
        if "size" not in self.options or "size" not in ALLOWED[request.kind]:
            return
        text = self._text("size")
        if text in SIZES:
            request.axis = text
        elif text:
            request.fail(
                f":size: expects {' or '.join(SIZES)}, got {text!r}{did_you_mean(text, SIZES)}"
            )

    def _classes(self, request: _Request) -> None:
        if "class" not in self.options:
            return
        names = self._text("class").split()
        request.classes = [nodes.make_id(name) for name in names]
        if names and not all(request.classes):
            request.fail(f":class: expects class names, got {self._text('class')!r}")

    # drawing ----------------------------------------------------------------------------------

    def _chart_id(self) -> str:
        serial = self.env.new_serialno("mc-chart") + 1
        return nodes.make_id(f"mc-chart-{self.env.docname}-{serial}")

    def _plan(self, request: _Request) -> tuple[Plan, list[keys.Key]]:
        """What to draw, and the dependency keys of what it shows."""
        catalog = self.catalog
        common: dict[str, Any] = {
            "kind": request.kind,
            "chart_id": self._chart_id(),
            "title": self._text("title") or None,
            "highlight": request.model.id if request.model else None,
            "size": request.size,
        }
        if request.kind == "benchmarks":
            assert request.model is not None
            plan = Plan(model_ids=[request.model.id], **common)
            return plan, [keys.model(request.model.id), keys.BENCHMARKS]
        shown = [keys.CATALOG]
        pool: list[Model] | None = None
        if request.kind == "params-tokens" and request.neighbours and request.model:
            model = request.model
            pool = [model, *closest_models(model, catalog, request.neighbours)]
            shown = [
                keys.model(model.id),
                keys.group_members("lab", model.lab),
                keys.entry("lab", model.lab),
            ]
            lab_name = catalog.lab_name(model.lab)
            if len(pool) > 1:
                default = _(
                    "Parameters and training tokens: {name} and nearby {lab} releases"
                ).format(name=model.name, lab=lab_name)
            else:
                default = _("Parameters and training tokens: {name}").format(name=model.name)
            common["title"] = common["title"] or default
        elif request.architecture:
            # What the chart shows of each model is in ``architecture-members``.
            pool = catalog.models_where("architecture", request.architecture)
            shown = [keys.group_members("architecture", request.architecture)]
        elif request.kind == "lab-timeline":
            assert request.lab is not None
            pool = catalog.models_where("lab", request.lab)
            shown = [keys.group_models("lab", request.lab), keys.entry("lab", request.lab)]
            shown += [keys.model(request.model.id)] if request.model else []
        if request.predicate is not None and pool is not None:
            shown.append(keys.CATALOG)  # a filter may test any field of these models
        models = select(catalog, request.predicate, pool)
        shown += sorted(
            {keys.entry("architecture", m.architecture) for m in models if m.architecture}
        )
        plan = Plan(
            model_ids=[m.id for m in models],
            benchmark=request.benchmark,
            lab=request.lab,
            axis=request.axis,
            **common,
        )
        return plan, shown

    def _figure(self, request: _Request, plan: Plan) -> nodes.container:
        figure = nodes.container(
            classes=["mc-chart-figure", f"mc-chart-figure-{request.kind}", *request.classes]
        )
        self.set_source_info(figure)
        drawn = draw(plan, self.catalog, _no_links)
        holder = chart(mc_plan=asdict(plan))
        holder += nodes.paragraph(
            "",
            _("Chart: {summary} See the HTML version.").format(summary=drawn.summary),
            classes=["mc-chart-fallback"],
        )
        figure += holder
        caption = nodes.paragraph(classes=["mc-chart-caption"])
        if text := self._text("caption"):
            inline, messages = self.parse_inline(text, lineno=self.lineno)
            caption.extend(inline)
            caption.extend(messages)
            caption += nodes.Text(drawn.caption(""))
        else:
            caption += nodes.Text(drawn.caption())
        figure += caption
        return figure


def _whole(text: str, low: int, high: int) -> int | None:
    """``text`` as an int in ``[low, high]``, else None."""
    if not re.fullmatch(r"\s*\d{1,6}\s*", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def _default_benchmarks() -> list[str]:
    """Benchmarks a profile always lists (as its card does), scored or not."""
    return list(registry.PROFILE_BENCHMARKS)


# Drawing ---------------------------------------------------------------------------------------


def _no_links(_: str) -> str | None:
    return None


def draw(plan: Plan, catalog: Catalog, href: charts.Href) -> charts.Chart:
    """Draw ``plan`` from ``catalog``, linking points through ``href``."""
    models = [catalog.models[i] for i in plan.model_ids if i in catalog.models]
    shared: dict[str, Any] = {"chart_id": plan.chart_id, "title": plan.title, **plan.size}
    if plan.kind == "benchmarks":
        return charts.benchmark_bars(models[0], catalog, defaults=_default_benchmarks(), **shared)
    if plan.kind == "releases":
        return charts.releases(models, **shared)
    linked = {"highlight": plan.highlight, "href": href, **shared}
    if plan.kind == "score-size":
        size = plan.axis or SIZES[0]
        return charts.score_vs_size(models, plan.benchmark or "", catalog, size=size, **linked)
    if plan.kind == "compute-timeline":
        return charts.compute_timeline(models, catalog, **linked)
    if plan.kind == "lab-timeline":
        return charts.lab_timeline(models, catalog, lab=plan.lab, **linked)
    return charts.params_tokens(models, catalog, **linked)


class DrawCharts(SphinxPostTransform):
    """Replace every :class:`chart` node: the SVG for HTML builders, the text fallback
    for the others. Runs before Sphinx's post-transforms, so all of them see it."""

    default_priority = DRAW_PRIORITY

    def run(self, **kwargs: Any) -> None:
        """Draw (or fall back) every chart of this doctree."""
        domain = get_domain(self.env)
        builder = domain.builder
        for node in list(self.document.findall(chart)):
            if builder is None or builder.format != "html":
                node.replace_self(node.children)
                continue
            plan = Plan(**node["mc_plan"])
            if plan.kind == "benchmarks" and plan.model_ids[0] not in domain.catalog.models:
                node.replace_self(node.children)  # the model went since the page was read
                continue
            href = _page_links(builder, self.env.docname, self.document)
            drawn = draw(plan, domain.catalog, href).html  # the SVG and its table of points
            # Kept out of the search index: labels and hover titles are not page text.
            node.replace_self(nodes.raw("", drawn, format="html", classes=[NO_SEARCH]))


def _page_links(builder: Builder, docname: str, document: nodes.document) -> charts.Href:
    """Model id -> URI of its card as ``builder`` names it, relative to ``docname``;
    None for the page itself and for pages this output does not hold."""
    domain = get_domain(builder.env)
    # Pages merged into this one (singlehtml): a "#document-..." link needs its page here.
    merged = {node["docname"] for node in document.findall(addnodes.start_of_file)}

    def href(model_id: str) -> str | None:
        found = domain.lookup("model", model_id)
        if found is None or found[0] == docname:
            return None
        target, anchor, _ = found
        try:
            uri = builder.get_relative_uri(docname, target)
        except NoUri:
            return None
        if uri.startswith("#") and target not in merged:
            return None
        return uri if domain.is_canonical("model", model_id) else f"{uri}#{anchor}"

    return href


def setup_charts(app: Sphinx) -> None:
    """Register the directive, its node and the post-transform that draws it."""
    app.add_directive("modelchart", ModelchartDirective)
    app.add_node(chart)
    app.add_post_transform(DrawCharts)
