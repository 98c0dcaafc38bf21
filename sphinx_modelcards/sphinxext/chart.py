"""``.. modelchart:: <kind>``: build-time SVG charts of the catalog.

Kinds: ``params-tokens``, ``releases``, ``benchmarks``, ``score-size`` and
``lab-timeline`` (see :mod:`..render.charts`). The directive emits plain nodes
that every builder can use: a ``container`` holding the SVG as raw HTML (which
other writers skip), a fallback paragraph inside ``only:: not html``, and a caption.

Links from points to model pages are written at read time for the ``html``
builder's layout (``<pages>/models/<id>`` plus ``html_file_suffix``) and only
when the extension generates those pages. :func:`relink_charts` (connected to
``doctree-resolved`` by :func:`setup_charts`) then rewrites them for the builder
actually writing (dirhtml, epub, singlehtml...) and removes links to pages that
do not exist or are not part of the output.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..data import registry
from ..data.filters import FilterError, compile_filter
from ..data.schema import Model
from .dependencies import CATALOG
from .directive import CatalogDirective
from .render import charts
from .render.card import closest_models
from .render.columns import filter_fields
from .render.deferred import defer
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
    "class",
)
KINDS = ("params-tokens", "releases", "benchmarks", "score-size", "lab-timeline")
_COMMON = frozenset({"title", "caption", "class"})
#: Options each kind accepts besides title, caption and class.
ALLOWED: dict[str, frozenset[str]] = {
    "params-tokens": frozenset(
        {"filter", "model", "neighbours", "architecture", "width", "height"}
    ),
    "releases": frozenset({"filter", "width", "height"}),
    "benchmarks": frozenset({"model", "width"}),
    "score-size": frozenset({"filter", "model", "benchmark", "width", "height"}),
    "lab-timeline": frozenset({"filter", "model", "lab", "width", "height"}),
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
#: Raw-node attribute: ``[[href, docname], ...]`` of the links in the SVG.
LINKS_ATTR = "mc_chart_links"


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
            self.depend_on([CATALOG])
            first = request.problems[0][0].removeprefix("modelchart: ")
            return [self.error_note(f"Chart unavailable: {first}.")]
        links: dict[str, str] = {}
        chart, keys = self._draw(request, self._href(links))
        self.depend_on(keys)
        return [self._figure(request, chart, links)]

    # options ----------------------------------------------------------------------------------

    def _request(self) -> _Request:
        request = _Request()
        kind = self.arguments[0].strip() if self.arguments else ""
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
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
        close = difflib.get_close_matches(value, list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown {what} id {value!r}{hint}"

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

    def _href(self, links: dict[str, str]) -> charts.Href | None:
        """Links to generated profile pages, relative to this page (``html`` layout)."""
        settings = self.settings
        if not (settings.generate and settings.sources.data):
            return None
        suffix = self.config.html_file_suffix or ".html"
        here = self.env.docname + suffix

        def href(model_id: str) -> str | None:
            target = f"{settings.pages}/models/{model_id}"
            uri = relative_uri(here, target + suffix)
            if not uri:  # the page itself
                return None
            links[uri] = target
            return uri

        return href

    def _draw(self, request: _Request, href: charts.Href | None) -> tuple[charts.Chart, list[str]]:
        """The chart and the dependency keys of what it shows."""
        catalog, chart_id = self.catalog, self._chart_id()
        title = self._text("title") or None
        size = request.size
        highlight = request.model.id if request.model else None
        if request.kind == "benchmarks":
            assert request.model is not None
            chart = charts.benchmark_bars(
                request.model,
                catalog,
                chart_id=chart_id,
                title=title,
                defaults=_default_benchmarks(),
                **size,
            )
            return chart, [f"model:{request.model.id}", "benchmarks"]
        keys = [CATALOG]
        pool: list[Model] | None = None
        if request.kind == "params-tokens" and request.neighbours and request.model:
            model = request.model
            pool = [model, *closest_models(model, catalog, request.neighbours)]
            keys = [f"model:{model.id}", f"lab-members:{model.lab}", f"lab:{model.lab}"]
            lab_name = catalog.lab_name(model.lab)
            around = f" and nearby {lab_name} releases" if len(pool) > 1 else ""
            title = title or f"Parameters and training tokens: {model.name}{around}"
        elif request.architecture:
            # What the chart shows of each model is in ``architecture-members``.
            pool = catalog.models_where("architecture", request.architecture)
            keys = [f"architecture-members:{request.architecture}"]
        elif request.kind == "lab-timeline":
            assert request.lab is not None
            pool = catalog.models_where("lab", request.lab)
            keys = [f"lab-models:{request.lab}", f"lab:{request.lab}"]
            keys += [f"model:{highlight}"] if highlight else []
        if request.predicate is not None and pool is not None:
            keys.append(CATALOG)  # a filter may test any field of these models
        models = select(catalog, request.predicate, pool)
        keys += sorted({f"architecture:{m.architecture}" for m in models if m.architecture})
        draw: dict[str, Callable[..., charts.Chart]] = {
            "params-tokens": lambda: charts.params_tokens(
                models, catalog, chart_id=chart_id, highlight=highlight, href=href,
                title=title, **size,
            ),
            "releases": lambda: charts.releases(models, chart_id=chart_id, title=title, **size),
            "score-size": lambda: charts.score_vs_size(
                models, request.benchmark or "", catalog, chart_id=chart_id,
                highlight=highlight, href=href, title=title, **size,
            ),
            "lab-timeline": lambda: charts.lab_timeline(
                models, catalog, chart_id=chart_id, lab=request.lab, highlight=highlight,
                href=href, title=title, **size,
            ),
        }  # fmt: skip
        return draw[request.kind](), keys

    def _figure(
        self, request: _Request, chart: charts.Chart, links: Mapping[str, str]
    ) -> nodes.container:
        figure = nodes.container(
            classes=["mc-chart-figure", f"mc-chart-figure-{request.kind}", *request.classes]
        )
        self.set_source_info(figure)
        # Kept out of the search index: labels and hover titles are not page text.
        raw = nodes.raw("", chart.html, format="html", classes=[NO_SEARCH])
        used = [
            [uri, doc] for uri, doc in sorted(links.items()) if f'href="{_esc(uri)}"' in chart.html
        ]
        if used:
            raw[LINKS_ATTR] = used
        fallback = addnodes.only(expr="not html")
        fallback += nodes.paragraph(
            "", f"Chart: {chart.summary} See the HTML version.", classes=["mc-chart-fallback"]
        )
        figure.extend(defer([raw, fallback], self.env.docname))
        caption = nodes.paragraph(classes=["mc-chart-caption"])
        if text := self._text("caption"):
            inline, messages = self.parse_inline(text, lineno=self.lineno)
            caption.extend(inline)
            caption.extend(messages)
            caption += nodes.Text(chart.caption(""))
        else:
            caption += nodes.Text(chart.caption())
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
    return [b.id for b in registry.BENCHMARKS]


# Links per builder ----------------------------------------------------------------------------

_ANCHOR = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def relink_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: point chart links at model pages as this builder names
    them, and unlink pages that do not exist or are not part of the output (orphan
    profiles in a singlehtml build). Idempotent."""
    if app.builder.format != "html":
        return
    # Pages merged into this one (singlehtml): a "#document-..." link needs its page here.
    merged = {node["docname"] for node in doctree.findall(addnodes.start_of_file)}
    for raw in list(doctree.findall(nodes.raw)):
        links = raw.get(LINKS_ATTR)
        if not links:
            continue
        targets: dict[str, str | None] = {}
        for old, target in links:
            uri = None
            if target in app.env.all_docs:
                try:
                    uri = app.builder.get_relative_uri(docname, target) or None
                except NoUri:
                    uri = None
            if uri and uri.startswith("#") and target not in merged:
                uri = None
            targets[_esc(old)] = uri
        new = nodes.raw("", _relink(raw.astext(), targets), format="html", classes=raw["classes"])
        kept = [[uri, target] for old, target in links if (uri := targets[_esc(old)])]
        if kept:
            new[LINKS_ATTR] = kept
        raw.replace_self(new)


def _relink(svg: str, targets: Mapping[str, str | None]) -> str:
    """Replace the hrefs in ``targets`` (None: unwrap the link, keeping its content)."""

    def swap(match: re.Match[str]) -> str:
        if match[1] not in targets:
            return match[0]
        uri = targets[match[1]]
        return f'<a href="{_esc(uri)}">{match[2]}</a>' if uri else match[2]

    return _ANCHOR.sub(swap, svg)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def setup_charts(app: Sphinx) -> None:
    """Register the directive and the per-builder link fix-up."""
    app.add_directive("modelchart", ModelchartDirective)
    app.connect("doctree-resolved", relink_charts)
