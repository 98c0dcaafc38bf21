"""``.. modelcompare:: id-a, id-b``: models side by side, with grouped benchmark bars.

Options: ``:rows:`` (table columns to show as rows, in order; default: the specs,
derived figures and every benchmark a compared model reports), ``:no-chart:`` and
``:class:``. The SVG is raw HTML, so every other builder shows the plain table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ..data.hints import did_you_mean
from ..data.schema import Model
from . import dependencies as keys
from .chart import NO_SEARCH
from .directive import CatalogDirective, csv_option
from .render.columns import known_columns, resolve_column
from .render.compare import MAX_MODELS, compare_bars, compare_table, default_rows


def compare_dependency_keys(model_ids: list[str], rows: list[str]) -> list[keys.Key]:
    """What a comparison shows: each model (known or not yet), benchmark names, lab names."""
    return [
        *(keys.model(i) for i in model_ids),
        keys.BENCHMARKS,
        keys.names("labs"),
        keys.names("architectures"),
    ]


class ModelcompareDirective(CatalogDirective):
    """Compare models in a transposed table (one column per model) and a bar chart."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "rows": csv_option,
        "no-chart": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Resolve the ids, warn about unknown ones and rows, build table and chart."""
        ids = list(dict.fromkeys(csv_option(self.arguments[0])))
        models = self._models(ids)
        if not models:
            return [self.error_note("Comparison unavailable: see the build warnings.")]
        rows = self._rows(models)
        self.depend_on(compare_dependency_keys(ids, rows))
        container = nodes.container(classes=["mc-compare-figure", *self.options.get("class", [])])
        self.set_source_info(container)
        container += compare_table(models, self.catalog, rows)
        if "no-chart" not in self.options and any(m.benchmarks for m in models):
            serial = self.env.new_serialno("modelcompare")
            chart_id = f"mc-compare-{self.env.docname.replace('/', '-')}-{serial}"
            svg = compare_bars(models, self.catalog, chart_id=chart_id)
            container += nodes.raw("", svg, format="html", classes=["mc-compare-chart", NO_SEARCH])
        return [container]

    def _models(self, ids: list[str]) -> list[Model]:
        found = []
        for model_id in ids:
            model = self.catalog.models.get(model_id)
            if model is None:
                hint = did_you_mean(model_id, self.catalog.models)
                self.warn(f"modelcompare: unknown model id {model_id!r}{hint}", "reference")
                continue
            found.append(model)
        if len(found) > MAX_MODELS:
            self.warn(
                f"modelcompare: at most {MAX_MODELS} models; showing the first {MAX_MODELS}",
                "directive",
            )
        return found[:MAX_MODELS]

    def _rows(self, models: list[Model]) -> list[str]:
        wanted = self.options.get("rows") or default_rows(models, self.catalog)
        rows = []
        for name in wanted:
            if resolve_column(self.catalog, name) is None:
                hint = did_you_mean(name, known_columns(self.catalog))
                self.warn_option("rows", f"modelcompare: unknown row {name!r}{hint}", "option")
                continue
            rows.append(name)
        return rows


def setup_compare(app: Sphinx) -> None:
    """Register the directive."""
    app.add_directive("modelcompare", ModelcompareDirective)
