"""Models side by side: a transposed table (one column per model) and grouped benchmark bars.

Each row is a table column of :mod:`.columns` (a field, a derived figure or a
benchmark); where higher is better (scores, ALScore, context window) the best value
of the row is set in bold, which every builder shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ...data import metrics
from ...data.catalog import Catalog
from ...data.schema import Model
from ..i18n import _
from . import nodes as n
from .columns import ColumnSpec, cell_node, resolve_column
from .svg import _clean_id, _close, _esc, _line, _n, _open, _text, _text_w, _truncate

#: Rows shown by default, before each benchmark that any compared model reports.
DEFAULT_ROWS = (
    "lab",
    "released",
    "access",
    "architecture",
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "alscore",
    "ratio",
    "compute",
    "license",
    "base_model",
)
#: Rows where a higher value is better (besides every benchmark).
HIGHER_IS_BETTER = frozenset({"alscore", "context_window"})
#: Most models one comparison shows.
MAX_MODELS = 8
#: Colour classes of the compared models, in order.
SERIES = tuple(f"mc-compare-{i}" for i in range(MAX_MODELS))


def default_rows(models: Sequence[Model], catalog: Catalog) -> list[str]:
    """The default rows, then every benchmark a compared model reports (catalog order)."""
    scored = {b for m in models for b in m.benchmarks}
    return [*DEFAULT_ROWS, *(b for b in catalog.benchmarks if b in scored)]


def best_index(spec: ColumnSpec, models: Sequence[Model], catalog: Catalog) -> set[int]:
    """Positions of the best value of a row (none for rows without a better direction)."""
    if spec.key not in HIGHER_IS_BETTER and spec.key not in catalog.benchmarks:
        return set()
    values = [spec.get(m, catalog.derived[m.id]) for m in models]
    numbers = [v for v in values if isinstance(v, int | float)]
    if len(numbers) < 2:
        return set()
    top = max(numbers)
    return {i for i, v in enumerate(values) if v == top}


def compare_table(models: Sequence[Model], catalog: Catalog, rows: Sequence[str]) -> nodes.table:
    """One column per model, one row per field; the best of a row in bold."""
    columns = [n.Column(_("Model"), 14), *(n.Column(m.name, 12, "text") for m in models)]
    body: list[list[n.Cell]] = []
    for name in rows:
        spec = resolve_column(catalog, name)
        if spec is None:
            continue
        best = best_index(spec, models, catalog)
        cells: list[n.Cell] = [spec.header]
        for index, model in enumerate(models):
            cell = cell_node(spec, model, catalog.derived[model.id], catalog)
            if index in best and isinstance(cell, str):
                strong = n.strong(cell)
                strong["classes"].append("mc-best")
                cell = n.para(strong, " (best)")
            cells.append(cell)
        body.append(cells)
    return n.table(columns, body, classes=["mc-compare"])


_ROW_H, _BAR_H, _TOP = 14, 12, 6


def compare_bars(
    models: Sequence[Model], catalog: Catalog, *, chart_id: str, width: int = 640
) -> str:
    """Grouped horizontal bars: per benchmark one bar per model, on the benchmark's scale."""
    cid = _clean_id(chart_id)
    benchmarks = [
        b for b in catalog.benchmarks.values() if any(b.id in m.benchmarks for m in models)
    ]
    names = ", ".join(m.name for m in models)
    title = _("Benchmark scores: {names}").format(names=names)
    desc = " ".join(
        f"{b.name}: "
        + ", ".join(f"{m.name} {metrics.format_score(m.benchmarks.get(b.id))}" for m in models)
        + "."
        for b in benchmarks
    )
    legend_h = 22
    group_h = _ROW_H * len(models) + 10
    height = legend_h + _TOP + group_h * max(len(benchmarks), 1) + 8
    label_w = min(max((_text_w(b.name) for b in benchmarks), default=40) + 24, width * 0.3)
    x0, x1 = label_w, width - 56
    out = _open("compare", cid, width, height, title, desc)
    out += _legend(models, width)
    for g, bench in enumerate(benchmarks):
        y = legend_h + _TOP + g * group_h
        out.append(_text("mc-label mc-bar-label", x0 - 8, y + group_h / 2 - 5,
                         _truncate(bench.name, x0 - 12), "end", True))  # fmt: skip
        for i, model in enumerate(models):
            score = model.benchmarks.get(bench.id)
            cy = y + i * _ROW_H
            shown = metrics.format_score(score) if score is not None else "\u2013"
            hover = _esc(f"{model.name}, {bench.name}: {shown}")
            out.append(f'<g class="mc-bar-row"><title>{hover}</title>')
            end = x0
            if score is not None:
                end = x0 + (x1 - x0) * min(max(score / bench.scale, 0.0), 1.0)
                out.append(
                    f'<rect class="mc-bar {SERIES[i]}" x="{_n(x0)}" y="{_n(cy)}" '
                    f'width="{_n(end - x0)}" height="{_BAR_H}"/>'
                )
            out += [_text("mc-label mc-bar-value", end + 4, cy + _BAR_H / 2, shown, middle=True),
                    "</g>"]  # fmt: skip
    out.append(_line("mc-axis", x0, legend_h, x0, height - 8))
    return _close(out)


def _legend(models: Sequence[Model], width: int) -> list[str]:
    out = ['<g class="mc-legend">']
    x = 8.0
    for i, model in enumerate(models):
        label = _truncate(model.name, 140)
        out.append(f'<rect class="mc-bar {SERIES[i]}" x="{_n(x)}" y="6" width="10" height="10"/>')
        out.append(_text("mc-label", x + 14, 11, label, middle=True))
        x += 14 + _text_w(label) + 16
        if x > width - 60:
            break
    out.append("</g>")
    return out
