"""Catalog charts: from models to inline SVG (drawn by :mod:`.svg`), one function per kind.

Every function is pure: the same models give the same bytes. Scatter-like charts
draw at most ``max_points`` models, chosen deterministically (highest ALScore
first, ties by id; a highlighted model is always kept) and say so in their
description. Links to model pages come from an ``href`` callable supplied by the
caller, which knows the page being written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from ...data import metrics
from ...data.catalog import Catalog
from ...data.schema import Model
from .. import i18n
from .svg import Axis, Line, Point, bars, histogram, scatter, timeline

__all__ = [
    "MAX_POINTS",
    "Chart",
    "Href",
    "benchmark_bars",
    "compute_timeline",
    "lab_timeline",
    "params_tokens",
    "releases",
    "score_vs_size",
]

#: Most points a scatter or timeline draws.
MAX_POINTS = 1000
#: Above this many quarters, releases are counted per year instead.
MAX_QUARTERS = 80
#: Most bins a releases histogram draws (the latest ones).
MAX_BINS = 200

_NOT_TOKEN = re.compile(r"[^a-z0-9-]+")

#: Model id -> link to its page (relative to the page being written), or None.
Href = Callable[[str], str | None]


@dataclass(frozen=True)
class Chart:
    """A chart: its title, a one-line summary for other formats, and the SVG, which is
    rendered only when asked for (reading a page needs the words, writing it the SVG)."""

    render_svg: Callable[[], str]
    title: str
    summary: str  # "6 models, training tokens against parameters."
    count: int  # models (or scores) drawn
    #: Shown under the chart when it leaves models out: "22 of 46 models plotted (...)".
    note: str = ""
    #: The plotted points as an HTML table in a ``<details>``, for keyboards and screen
    #: readers (scatter-like charts; links like the SVG's).
    render_data: Callable[[], str] = str

    @property
    def svg(self) -> str:
        """The SVG."""
        return self.render_svg()

    @property
    def data(self) -> str:
        """The table of the plotted points (HTML), or an empty string."""
        return self.render_data()

    @property
    def html(self) -> str:
        """The SVG and, after it, the table of its points."""
        return self.svg + self.data

    def caption(self, text: str | None = None) -> str:
        """``text`` (else the title), followed by the note when there is one."""
        head = text if text is not None else self.title
        return f"{head} — {self.note}" if self.note else head


def plotted_note(shown: int, total: int, lacking: int, what: str, capped: int = 0) -> str:
    """``22 of 46 models plotted (24 lack parameters or training tokens)``; empty when
    every model is plotted."""
    if shown == total:
        return ""
    reasons = []
    if lacking:
        lack = T("{count} lacks {what}") if lacking == 1 else T("{count} lack {what}")
        reasons.append(lack.format(count=_num(lacking), what=what))
    if capped:
        beyond = T("{count} more beyond the {shown} with the highest ALScore")
        reasons.append(beyond.format(count=_num(capped), shown=_num(shown)))
    if not reasons:
        return T("{shown} of {total} plotted").format(shown=_num(shown), total=_models(total))
    return T("{shown} of {total} plotted ({reasons})").format(
        shown=_num(shown), total=_models(total), reasons="; ".join(reasons)
    )


def _data_table(
    chart_id: str, rows: Sequence[tuple[Model, Sequence[str]]], headers: Sequence[str], href: Href
) -> str:
    """A ``<details>`` with one row per plotted model: its name (a link, as in the
    chart) and the figures the chart places it by."""
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in (T("Model"), *headers))
    body = []
    for model, cells in rows:
        uri = href(model.id)
        name = f'<a href="{_esc(uri)}">{_esc(model.name)}</a>' if uri else _esc(model.name)
        figures = "".join(f'<td class="mc-num">{_esc(c)}</td>' for c in cells)
        body.append(f'<tr><th scope="row">{name}</th>{figures}</tr>')
    if len(rows) == 1:
        summary = T("The 1 plotted model as a table")
    else:
        summary = T("The {count} plotted models as a table").format(count=_num(len(rows)))
    return (
        f'<details class="mc-chart-data" id="{_esc(chart_id)}-data">'
        f"<summary>{_esc(summary)}</summary>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</details>"
    )


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _billions(value: float | None) -> str:
    return i18n.number(metrics.format_billions(value)) if value is not None else "-"


def _tokens(value: float | None) -> str:
    return i18n.number(metrics.format_tokens(value)) if value is not None else "-"


def _alscore_text(model: Model) -> str:
    score = _score(model)
    return i18n.number(metrics.format_alscore(score)) if score is not None else "-"


def _no_href(_: str) -> str | None:
    return None


T = i18n._


def _num(n: int) -> str:
    return i18n.number(f"{n:,}")


def _models(n: int) -> str:
    """``1 model``, ``12 models``."""
    return T("1 model") if n == 1 else T("{count} models").format(count=_num(n))


def _series(model: Model, catalog: Catalog) -> str:
    """The architecture as a series: its display name when that reduces to the id's CSS
    class (``MoE`` -> ``mc-series-moe``), else the id, so that classes follow ids."""
    if not model.architecture:
        return ""
    name = catalog.architecture_name(model.architecture)
    return name if _css_token(name) == _css_token(model.architecture) else model.architecture


def _css_token(text: str) -> str:
    """The class suffix :mod:`.svg` makes of a series name."""
    return _NOT_TOKEN.sub("-", text.lower()).strip("-")[:40].strip("-")


def _cap(models: Sequence[Model], limit: int, keep: str | None) -> tuple[list[Model], int]:
    """At most ``limit`` models (highest ALScore first, ties by id), in id order."""
    if len(models) <= limit:
        return sorted(models, key=lambda m: m.id), 0

    def rank(model: Model) -> tuple[bool, float, str]:
        score = _score(model)
        return (model.id != keep, 1.0 if score is None else -score, model.id)

    chosen = sorted(models, key=rank)[: max(limit, 1)]
    return sorted(chosen, key=lambda m: m.id), len(models) - len(chosen)


def _score(model: Model) -> float | None:
    return metrics.alscore(model.parameters_b, model.training_tokens_b)


def _cap_note(dropped: int, shown: int) -> str:
    if not dropped:
        return ""
    total = shown + dropped
    text = T("Showing the {shown} of {total} models with the highest ALScore.")
    return " " + text.format(shown=_num(shown), total=_num(total))


def _figures(model: Model) -> str:
    """``Acme Titan: 1,200B params, 30T tokens, ALScore 20.1, released Mar 2025``.

    Only what the ``*-members`` fingerprints cover (name, sizes, release), so that a
    chart of a group's members never shows stale text.
    """
    parts = []
    if model.parameters_b is not None:
        parts.append(T("{value} params").format(value=_billions(model.parameters_b)))
    if model.training_tokens_b is not None:
        parts.append(T("{value} tokens").format(value=_tokens(model.training_tokens_b)))
    score = _score(model)
    if score is not None:
        parts.append(f"ALScore {_alscore_text(model)}")
    if model.released is not None:
        parts.append(T("released {date}").format(date=i18n.release(model.released)))
    return f"{model.name}: {', '.join(parts)}" if parts else model.name


def _missing_note(missing: int, what: str) -> str:
    if not missing:
        return ""
    if missing == 1:
        return " " + T("1 model without {what} has no point.").format(what=what)
    text = T("{count} models without {what} have no point.")
    return " " + text.format(count=_num(missing), what=what)


# --- parameters against training tokens ------------------------------------------------


def params_tokens(
    models: Iterable[Model],
    catalog: Catalog,
    *,
    chart_id: str,
    highlight: str | None = None,
    href: Href | None = None,
    title: str | None = None,
    width: int = 640,
    height: int = 420,
    max_points: int = MAX_POINTS,
) -> Chart:
    """Training tokens against parameters (log-log), coloured by architecture, with the
    compute-optimal line (tokens = ratio x parameters) and ALScore tier iso-lines."""
    href = href or _no_href
    pool = list(models)
    usable = [m for m in pool if m.parameters_b and m.training_tokens_b]
    shown, dropped = _cap(usable, max_points, highlight)
    points = [
        Point(
            x=float(m.parameters_b or 0),
            y=float(m.training_tokens_b or 0),
            label=_figures(m),
            series=_series(m, catalog),
            href=href(m.id),
            highlight=m.id == highlight,
        )
        for m in shown
    ]
    ratio = catalog.thresholds.compute_optimal_ratio
    lines: list[Line] = []
    if shown:
        lo = min(p.x for p in points) / 100
        hi = max(p.x for p in points) * 100
        # Drawn from the top right so that its label sits where it leaves the plot at the
        # bottom or left, away from the ALScore labels on the right.
        lines.append(
            Line(
                ((hi, ratio * hi), (lo, ratio * lo)),
                T("Compute-optimal {ratio}").format(ratio=i18n.number(metrics.format_ratio(ratio))),
                "chinchilla",
            )
        )
        for bound, _ in catalog.thresholds.tiers:
            if bound > 0:
                k = (metrics.ALSCORE_DIVISOR * bound) ** 2  # ALScore = sqrt(P T) / 300
                lines.append(Line(((lo, k / lo), (hi, k / hi)), f"ALScore {bound:g}", "alscore"))
    title = title or T("Parameters and training tokens")
    summary = T("{models}, training tokens against parameters.").format(models=_models(len(shown)))
    how = T(
        "Log-log axes, points coloured by architecture. Dashed lines: compute-optimal "
        "training at {ratio} tokens per parameter, and equal ALScore at each tier bound."
    ).format(ratio=i18n.number(metrics.format_ratio(ratio)))
    desc = (
        f"{summary} {how}"
        + _missing_note(len(pool) - len(usable), T("both parameters and training tokens"))
        + _cap_note(dropped, len(shown))
    )
    svg = partial(
        scatter,
        points,
        x=Axis(T("Parameters"), log=True, unit="B"),
        y=Axis(T("Training tokens"), log=True, unit="B"),
        title=title,
        desc=desc,
        lines=lines,
        width=width,
        height=height,
        chart_id=chart_id,
    )
    note = plotted_note(
        len(shown),
        len(pool),
        len(pool) - len(usable),
        T("parameters or training tokens"),
        dropped,
    )
    rows = [
        (m, [_billions(m.parameters_b), _tokens(m.training_tokens_b), _alscore_text(m)])
        for m in shown
    ]
    data = partial(
        _data_table, chart_id, rows, [T("Parameters"), T("Training tokens"), "ALScore"], href
    )
    return Chart(svg, title, summary, len(shown), note, data)


# --- releases per quarter ------------------------------------------------------------------


def releases(
    models: Iterable[Model],
    *,
    chart_id: str,
    title: str | None = None,
    width: int = 640,
    height: int = 260,
) -> Chart:
    """How many models were released per quarter (per year over long spans)."""
    pool = list(models)
    dated = [
        (m.released.year, m.released.month or 1)
        for m in pool
        if m.released is not None and m.released.year is not None
    ]
    bins: list[tuple[str, int]] = []
    unit = "quarter"
    if dated:
        quarters = [year * 4 + (month - 1) // 3 for year, month in dated]
        first, last = min(quarters), max(quarters)
        if last - first + 1 > MAX_QUARTERS:
            unit = "year"
            years = [year for year, _ in dated]
            first, last = max(min(years), max(years) - MAX_BINS + 1), max(years)
            counts = {y: years.count(y) for y in set(years)}
            bins = [(str(y), counts.get(y, 0)) for y in range(first, last + 1)]
        else:
            counts = {q: quarters.count(q) for q in set(quarters)}
            bins = [(f"{q // 4} Q{q % 4 + 1}", counts.get(q, 0)) for q in range(first, last + 1)]
    shown = sum(n for _, n in bins)
    yearly = unit == "year"
    title = title or (T("Model releases per year") if yearly else T("Model releases per quarter"))
    if bins:
        by = (
            T("{models} by release year, {first} to {last}.")
            if yearly
            else (T("{models} by release quarter, {first} to {last}."))
        )
    else:
        by = T("{models} by release year.") if yearly else T("{models} by release quarter.")
    summary = by.format(
        models=_models(shown), first=bins[0][0] if bins else "", last=bins[-1][0] if bins else ""
    )
    desc = summary
    undated = len(pool) - len(dated)
    if undated:
        desc += " " + T("{models} without a release date (TBA) not counted.").format(
            models=_models(undated)
        )
    if len(dated) > shown:
        desc += " " + T("{models} before {first} not shown.").format(
            models=_models(len(dated) - shown), first=bins[0][0]
        )
    svg = partial(
        histogram,
        bins,
        title=title,
        desc=desc,
        chart_id=chart_id,
        width=width,
        height=height,
        y_title=T("models"),
        count_label=_models,
    )
    note = ""
    if shown != len(pool):
        reasons = []
        if undated:
            reasons.append(T("{count} without a release date").format(count=_num(undated)))
        if len(dated) > shown:
            early = T("{count} before {first}")
            reasons.append(early.format(count=_num(len(dated) - shown), first=bins[0][0]))
        note = T("{shown} of {total} counted ({reasons})").format(
            shown=_num(shown), total=_models(len(pool)), reasons="; ".join(reasons)
        )
    return Chart(svg, title, summary, shown, note)


# --- one model's benchmark scores ------------------------------------------------------------


def benchmark_bars(
    model: Model,
    catalog: Catalog,
    *,
    chart_id: str,
    title: str | None = None,
    width: int = 640,
    defaults: Iterable[str] = (),
) -> Chart:
    """The model's score on each benchmark it reports (and on ``defaults``); a dash
    marks a missing score."""
    wanted = set(model.benchmarks) | set(defaults)
    shown = [b for b in catalog.benchmarks.values() if b.id in wanted]
    items = [(b.name, model.benchmarks.get(b.id)) for b in shown]
    scored = sum(1 for _, score in items if score is not None)
    scale = max((b.scale for b in shown), default=100.0)
    title = title or T("Benchmark scores of {name}").format(name=model.name)
    if scored == 1:
        summary = T("1 benchmark score of {name}").format(name=model.name)
    else:
        summary = T("{count} benchmark scores of {name}").format(
            count=_num(scored), name=model.name
        )
    if len(items) != scored:
        summary += " " + T("(of {count} benchmarks).").format(count=_num(len(items)))
    else:
        summary += "."
    desc = summary + "".join(f" {name}: {_score_or_none(score)}." for name, score in items)
    svg = partial(
        bars, items, title=title, desc=desc, max_value=scale, chart_id=chart_id, width=width
    )
    return Chart(svg, title, summary, scored)


# --- a benchmark's score against size ----------------------------------------------------------


@dataclass(frozen=True)
class _SizeAxis:
    """What a score-against-size chart puts on its x axis, and how it words it."""

    value: Callable[[Model], float | None]
    axis: Axis
    point: Callable[[Model], str]  # the point's label before its score
    cell: Callable[[Model], str]  # the x column of the table of points
    header: str
    title: str  # templates with {benchmark}; summary also with {models}
    summary: str
    how: str
    missing: str
    lacking: str


def _size_axis(size: str, catalog: Catalog) -> _SizeAxis:
    """Parameters, or with ``size="compute"`` training compute, in the build's language."""
    if size == "compute":
        return _SizeAxis(
            value=lambda m: _compute(m, catalog),
            axis=_compute_axis(),
            point=lambda m: _compute_label(m, catalog),
            cell=lambda m: metrics.format_flop(_compute(m, catalog)),
            header=T("Training compute"),
            title=T("{benchmark} score against training compute"),
            summary=T("{models}, {benchmark} score against training compute."),
            how=T("Logarithmic compute axis in FLOP, points coloured by architecture."),
            missing=T("training compute and a {benchmark} score"),
            lacking=T("training compute or a {benchmark} score"),
        )
    return _SizeAxis(
        value=lambda m: m.parameters_b,
        axis=Axis(T("Parameters"), log=True, unit="B"),
        point=_figures,
        cell=lambda m: _billions(m.parameters_b),
        header=T("Parameters"),
        title=T("{benchmark} score against parameters"),
        summary=T("{models}, {benchmark} score against parameters."),
        how=T("Logarithmic parameter axis, points coloured by architecture."),
        missing=T("parameters and a {benchmark} score"),
        lacking=T("parameters or a {benchmark} score"),
    )


def score_vs_size(
    models: Iterable[Model],
    bench_id: str,
    catalog: Catalog,
    *,
    chart_id: str,
    highlight: str | None = None,
    href: Href | None = None,
    title: str | None = None,
    width: int = 640,
    height: int = 400,
    max_points: int = MAX_POINTS,
    size: str = "parameters",
) -> Chart:
    """A benchmark's scores against parameters or, with ``size="compute"``, training
    compute (log x either way, powers of ten for compute), coloured by architecture."""
    href = href or _no_href
    bench = catalog.benchmarks[bench_id]
    x = _size_axis(size, catalog)
    pool = list(models)
    usable = [m for m in pool if x.value(m) and m.benchmarks.get(bench_id) is not None]
    shown, dropped = _cap(usable, max_points, highlight)
    points = [
        Point(
            x=float(x.value(m) or 0),
            y=float(m.benchmarks.get(bench_id) or 0),
            label=f"{x.point(m)}, {bench.name} {_score_text(m, bench_id)}",
            series=_series(m, catalog),
            href=href(m.id),
            highlight=m.id == highlight,
        )
        for m in shown
    ]
    title = title or x.title.format(benchmark=bench.name)
    summary = x.summary.format(models=_models(len(shown)), benchmark=bench.name)
    lacking = len(pool) - len(usable)
    desc = (
        f"{summary} {x.how}"
        + _missing_note(lacking, x.missing.format(benchmark=bench.name))
        + _cap_note(dropped, len(shown))
    )
    svg = partial(
        scatter,
        points,
        x=x.axis,
        y=Axis(T("{benchmark} score").format(benchmark=bench.name)),
        title=title,
        desc=desc,
        width=width,
        height=height,
        chart_id=chart_id,
    )
    note = plotted_note(
        len(shown), len(pool), lacking, x.lacking.format(benchmark=bench.name), dropped
    )
    rows = [(m, [x.cell(m), _score_text(m, bench_id)]) for m in shown]
    data = partial(_data_table, chart_id, rows, [x.header, bench.name], href)
    return Chart(svg, title, summary, len(shown), note, data)


# --- training compute: against a benchmark's score, and over time ------------------------------


def _compute(model: Model, catalog: Catalog) -> float | None:
    """Training compute, FLOP: as stated, else about 6 x active parameters x tokens."""
    derived = catalog.derived.get(model.id)
    return derived.compute if derived is not None else None


def _compute_axis() -> Axis:
    return Axis(T("Training compute"), log=True, unit="FLOP", scientific=True)


def _compute_label(model: Model, catalog: Catalog) -> str:
    compute = metrics.format_flop(_compute(model, catalog))
    return T("{model}, training compute {compute}").format(model=_figures(model), compute=compute)


def compute_timeline(
    models: Iterable[Model],
    catalog: Catalog,
    *,
    chart_id: str,
    highlight: str | None = None,
    href: Href | None = None,
    title: str | None = None,
    width: int = 640,
    height: int = 360,
    max_points: int = MAX_POINTS,
) -> Chart:
    """Training compute by release date (log y, powers of ten), coloured by architecture."""
    href = href or _no_href
    everything = list(models)
    usable = [m for m in everything if _year_fraction(m) is not None and _compute(m, catalog)]
    shown, dropped = _cap(usable, max_points, highlight)
    points = [
        Point(
            x=_year_fraction(m) or 0.0,
            y=_compute(m, catalog) or 0.0,
            label=_compute_label(m, catalog),
            series=_series(m, catalog),
            href=href(m.id),
            highlight=m.id == highlight,
        )
        for m in shown
    ]
    title = title or T("Training compute over time")
    summary = T("{models}, training compute by release date.").format(models=_models(len(shown)))
    desc = (
        summary
        + " "
        + T("Logarithmic compute axis in FLOP, points coloured by architecture.")
        + _missing_note(len(everything) - len(usable), T("a release date and training compute"))
        + _cap_note(dropped, len(shown))
    )
    svg = partial(
        timeline,
        points,
        y=_compute_axis(),
        title=title,
        desc=desc,
        chart_id=chart_id,
        width=width,
        height=height,
    )
    lacking = len(everything) - len(usable)
    note = plotted_note(
        len(shown), len(everything), lacking, T("a release date or training compute"), dropped
    )
    rows = [
        (
            m,
            [
                i18n.release(m.released, "-") or "-",
                metrics.format_flop(_compute(m, catalog)),
            ],
        )
        for m in shown
    ]
    data = partial(_data_table, chart_id, rows, [T("Released"), T("Training compute")], href)
    return Chart(svg, title, summary, len(shown), note, data)


# --- a lab over time ---------------------------------------------------------------------------


def _score_or_none(score: float | None) -> str:
    return i18n.number(metrics.format_score(score)) if score is not None else T("no score")


def _score_text(model: Model, bench_id: str) -> str:
    return i18n.number(metrics.format_score(model.benchmarks.get(bench_id)))


def _year_fraction(model: Model) -> float | None:
    released = model.released
    if released is None or released.year is None:
        return None
    month = (released.month or 1) - 1 + ((released.day or 1) - 1) / 31
    return released.year + month / 12


def lab_timeline(
    models: Iterable[Model],
    catalog: Catalog,
    *,
    chart_id: str,
    lab: str | None = None,
    highlight: str | None = None,
    href: Href | None = None,
    title: str | None = None,
    width: int = 640,
    height: int = 360,
    max_points: int = MAX_POINTS,
) -> Chart:
    """Models by release date, against ALScore, or against parameters when fewer of
    the models have an ALScore than have a parameter count (log y either way)."""
    href = href or _no_href
    everything = list(models)
    dated = [m for m in everything if _year_fraction(m) is not None]
    scored = [m for m in dated if _score(m) is not None]
    sized = [m for m in dated if m.parameters_b]
    by_score = len(scored) >= len(sized)
    usable = scored if by_score else sized
    shown, dropped = _cap(usable, max_points, highlight)
    points = [
        Point(
            x=_year_fraction(m) or 0.0,
            y=(_score(m) if by_score else m.parameters_b) or 0.0,
            label=_figures(m),
            series=_series(m, catalog),
            href=href(m.id),
            highlight=m.id == highlight,
        )
        for m in shown
    ]
    if lab:
        default = T("{lab} models over time").format(lab=catalog.lab_name(lab))
    else:
        default = T("Models over time")
    title = title or default
    if by_score:
        summary = T("{models}, ALScore by release date.").format(models=_models(len(shown)))
        axis_note = T("Logarithmic ALScore axis, points coloured by architecture.")
        missing, lacking_what = T("a release date and ALScore"), T("a release date or ALScore")
    else:
        summary = T("{models}, parameters by release date.").format(models=_models(len(shown)))
        axis_note = T("Logarithmic parameters axis, points coloured by architecture.")
        missing = T("a release date and parameters")
        lacking_what = T("a release date or parameters")
    desc = (
        f"{summary} {axis_note}"
        + _missing_note(len(everything) - len(usable), missing)
        + _cap_note(dropped, len(shown))
    )
    svg = partial(
        timeline,
        points,
        y=Axis("ALScore", log=True) if by_score else Axis(T("Parameters"), log=True, unit="B"),
        title=title,
        desc=desc,
        chart_id=chart_id,
        width=width,
        height=height,
    )
    lacking = len(everything) - len(usable)
    note = plotted_note(len(shown), len(everything), lacking, lacking_what, dropped)
    rows = [
        (
            m,
            [
                i18n.release(m.released, "-") or "-",
                _alscore_text(m) if by_score else _billions(m.parameters_b),
            ],
        )
        for m in shown
    ]
    headers = [T("Released"), "ALScore" if by_score else T("Parameters")]
    data = partial(_data_table, chart_id, rows, headers, href)
    return Chart(svg, title, summary, len(shown), note, data)
