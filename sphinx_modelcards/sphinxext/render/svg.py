"""Small, dependency-free SVG charts, drawn at build time as inline SVG strings.

The charts carry no JavaScript, no external resources and no inline colours:
every element gets CSS classes (``mc-axis``, ``mc-point mc-series-moe``...) that
``static/modelcards-charts.css`` themes with custom properties. Output is a pure
function of the input: the same call always returns the same string, with
coordinates rounded to one decimal place.

Text is measured with a fixed estimate (12px sans-serif) since nothing can be
measured at build time; layouts leave some slack for that.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import i18n

__all__ = ["Axis", "Line", "Point", "bars", "histogram", "scatter", "timeline"]


@dataclass(frozen=True)
class Point:
    """One marker of a scatter or timeline chart."""

    x: float
    y: float
    label: str  # hover title, e.g. "GPT-4o (OpenAI): 200B params, 15,000B tokens"
    series: str = ""  # category -> colour class and marker shape, e.g. "moe"
    href: str | None = None  # relative or http(s) link; anything else is dropped
    highlight: bool = False  # the current model: larger, outlined, labelled


@dataclass(frozen=True)
class Line:
    """A reference polyline in data space, clipped to the plot and labelled at its end."""

    points: tuple[tuple[float, float], ...]
    label: str
    style: str = "ref"  # CSS class suffix: mc-ref-<style>


@dataclass(frozen=True)
class Axis:
    """An axis: its title, scale and unit (shown in the title, e.g. "Parameters (B)")."""

    title: str
    log: bool = False
    unit: str = ""
    #: Tick labels as powers of ten (10²⁴), for quantities like training compute.
    scientific: bool = False


# --- text, numbers and identifiers -------------------------------------------

_CHAR_W = 6.6  # estimated mean glyph width of 12px sans-serif text
_FONT_PX = 12
#: Smallest rendered size of chart text, in CSS pixels, whatever the column width.
MIN_TEXT_PX = 11
_FONT = f'font-family="system-ui, sans-serif" font-size="{_FONT_PX}"'
#: Distinct dash patterns for reference lines, in the order they are drawn.
DASHES = ("7 4", "2 3", "10 3 2 3", "1 4", "14 4", "5 2 1 2 1 2")
#: How far below the x axis its tick labels sit: clear of the lowest y tick label.
X_TICK_DROP = 20
#: Radius of the invisible target around a point that is a link (a 24px target).
HIT_RADIUS = 12
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_TOKEN = re.compile(r"[^a-z0-9-]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LIMIT = 1e300  # magnitudes outside 1/_LIMIT.._LIMIT are unusable: spans stay finite, non-zero
_Box = tuple[float, float, float, float]  # plot area: x0, y0 (top), x1, y1 (bottom)


def _esc(text: object) -> str:
    """Escape text for XML/HTML; drop characters that XML cannot carry at all."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def _n(value: float) -> str:
    """A coordinate: one decimal place, no trailing ".0", no "-0"."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _compact(value: float, decimals: int = 3) -> str:
    """Compact tick label: 0.01, 1, 100, 1K, 2.5M, 10B, 1T."""
    size = abs(value)
    if size >= 1e15 or 0 < size < 10.0**-decimals:
        mantissa, exponent = f"{value:.1e}".split("e")
        return f"{_trim(mantissa)}e{int(exponent)}"
    for base, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= base:
            return _trim(f"{value / base:.2f}") + suffix
    text = _trim(f"{value:.{decimals}f}")
    return "0" if text == "-0" else text


def _text_w(text: str) -> float:
    return len(text) * _CHAR_W


def _truncate(text: str, max_w: float) -> str:
    chars = max(int(max_w / _CHAR_W), 2)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "\u2026"


def _token(name: str, default: str) -> str:
    """Reduce a name to a CSS class suffix of [a-z0-9-]; *default* if nothing is left."""
    return _NOT_TOKEN.sub("-", name.lower()).strip("-")[:40].strip("-") or default


def _clean_id(chart_id: str) -> str:
    return _NOT_ID.sub("-", chart_id).strip("-") or "mc-chart"


def _safe_href(href: str | None) -> str | None:
    """Keep relative and http(s) links; drop other schemes and anything with whitespace."""
    if not href or any(ord(c) <= 0x20 or ord(c) == 0x7F or c.isspace() for c in href):
        return None
    match = _SCHEME.match(href)
    if match and match.group(1).lower() not in ("http", "https"):
        return None
    return href


def _usable(value: float, log: bool) -> bool:
    size = abs(value)
    usable = value == 0 or 1 / _LIMIT <= size <= _LIMIT  # False for NaN and infinities
    return usable and (value > 0 or not log)


# --- scales ------------------------------------------------------------------


@dataclass(frozen=True)
class _Domain:
    lo: float  # in scale space: log10 of the data for log scales
    hi: float
    log: bool
    ticks: tuple[tuple[float, str], ...]  # (data value, label)
    minor: tuple[float, ...] = ()


@dataclass(frozen=True)
class _Scale:
    domain: _Domain
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        d = self.domain
        t = math.log10(value) if d.log else value
        return self.r0 + (t - d.lo) / (d.hi - d.lo) * (self.r1 - self.r0)


#: Digits and minus sign as superscripts, for exponents.
_SUPERSCRIPT = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def _power(value: float) -> str:
    """A power of ten, or a digit times one, in scientific form: 10²⁴, 2×10²⁴."""  # noqa: RUF002
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10.0**exponent)
    power = f"10{str(exponent).translate(_SUPERSCRIPT)}"
    return power if mantissa == 1 else f"{mantissa}\u00d7{power}"


def _log_domain(values: Sequence[float], max_ticks: int, scientific: bool = False) -> _Domain:
    """Whole decades around the data; ticks every decade (or every few decades)."""
    label = _power if scientific else _compact
    exps = [math.log10(v) for v in values]
    lo = max(math.floor(min(exps) + 1e-9), -320)
    hi = min(math.ceil(max(exps) - 1e-9), 308)
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    step = next((s for s in (1, 2, 3, 5, 10, 20, 50) if span / s + 1 <= max_ticks), 0)
    step = step or math.ceil(span / max(max_ticks - 1, 1))
    exps = [k for k in range(lo, hi + 1) if k % step == 0]
    ticks = [(10.0**k, label(10.0**k)) for k in (exps if len(exps) > 1 else (lo, hi))]
    minor: list[float] = []
    if step == 1:
        extra = (2, 5) if 3 * span + 1 <= max_ticks else ()
        for k in range(lo, hi):
            for m in range(2, 10):
                value = m * 10.0**k
                if m in extra:
                    ticks.append((value, label(value)))
                else:
                    minor.append(value)
        ticks.sort()
    return _Domain(lo, hi, True, tuple(ticks), tuple(minor))


def _nice_step(span: float, count: int, steps: Sequence[float]) -> float:
    raw = max(span / max(count, 1), 1e-300)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next((m * magnitude for m in steps if raw <= m * magnitude * (1 + 1e-9)), raw)


def _decimals(step: float) -> int:
    digits = 0
    while digits < 8 and abs(round(step, digits) - step) > step * 1e-6:
        digits += 1
    return digits


def _linear_domain(
    values: Sequence[float], max_ticks: int, *, years: bool = False, counts: bool = False
) -> _Domain:
    """Nice round steps; *years*: integer year labels; *counts*: integers from 0."""
    lo, hi = min(values), max(values)
    if counts:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo <= max(abs(hi), abs(lo)) * 1e-9:
        pad = max(0.5 if years else abs(lo) * 0.1, abs(lo) * 1e-6) or 1.0
        lo, hi = (lo, lo + 1) if counts and lo == 0 else (lo - pad, hi + pad)
    steps = (1.0, 2.0, 5.0, 10.0) if years else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = _nice_step(hi - lo, max(max_ticks - 1, 1), steps)
    if years or counts:  # whole numbers
        step = max(step, 1.0)
    lo, hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    hi = max(hi, lo + step)
    digits = _decimals(step)
    ticks = []
    for i in range(round(lo / step), round(hi / step) + 1):
        value = i * step
        ticks.append((value, str(int(value)) if years else _compact(value, digits)))
    return _Domain(lo, hi, False, tuple(ticks))


def _domain(values: Sequence[float], axis: Axis, max_ticks: int) -> _Domain:
    max_ticks = max(max_ticks, 2)
    if axis.log:
        return _log_domain(values, max_ticks, axis.scientific)
    return _linear_domain(values, max_ticks)


def _clip(
    a: tuple[float, float], b: tuple[float, float], box: _Box
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Liang-Barsky: the part of segment a-b inside box (x0, y0, x1, y1), if any."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - box[0]), (dx, box[2] - ax), (-dy, ay - box[1]), (dy, box[3] - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)


# --- markers and legend --------------------------------------------------------

_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon", "plus")
_SERIES_SHAPES = {
    "dense": "circle",
    "moe": "square",
    "hybrid": "triangle",
    "matformer": "diamond",
    "compound": "triangle-down",
    "coe": "hexagon",
    "other": "plus",
}
_HEX = tuple(math.pi / 3 * i + math.pi / 6 for i in range(6))


def _shape(series_class: str) -> str:
    known = _SERIES_SHAPES.get(series_class)
    return known or _SHAPES[zlib.crc32(series_class.encode()) % len(_SHAPES)]


def _polygon(cx: float, cy: float, coords: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{_n(cx + x)},{_n(cy + y)}" for x, y in coords) + "Z"


def _marker(shape: str, cx: float, cy: float, r: float, cls: str, inner: str = "") -> str:
    """A marker of roughly equal visual weight whatever its shape."""
    if shape == "circle":
        return f'<circle class="{cls}" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}">{inner}</circle>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect class="{cls}" x="{_n(cx - s)}" y="{_n(cy - s)}" '
            f'width="{_n(2 * s)}" height="{_n(2 * s)}">{inner}</rect>'
        )
    t, h = r * 1.25, r * 1.1
    coords: dict[str, Sequence[tuple[float, float]]] = {
        "triangle": ((0, -t), (t, h * 0.75), (-t, h * 0.75)),
        "triangle-down": ((0, t), (t, -h * 0.75), (-t, -h * 0.75)),
        "diamond": ((0, -t), (t, 0), (0, t), (-t, 0)),
        "hexagon": tuple((r * 1.05 * math.cos(a), r * 1.05 * math.sin(a)) for a in _HEX),
    }
    w = r * 0.4
    plus = [(-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w), (w, r), (-w, r)]
    plus += [(-w, w), (-r, w), (-r, -w), (-w, -w)]
    d = _polygon(cx, cy, coords.get(shape, plus))
    return f'<path class="{cls}" d="{d}">{inner}</path>'


def _legend_rows(entries: Sequence[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for entry in entries:
        item_w = _legend_item_w(entry[1])
        if rows[-1] and used + item_w > width - 24:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += item_w
    return rows if rows[0] else []


def _legend_item_w(name: str) -> float:
    return 16 + _text_w(name) + 16


def _legend(rows: Sequence[Sequence[tuple[str, str]]], width: int) -> list[str]:
    out = ['<g class="mc-legend">']
    for i, row in enumerate(rows):
        x = (width - sum(_legend_item_w(name) for _, name in row) + 16) / 2
        y = 14 + i * 20
        for cls, name in row:
            out.append(_marker(_shape(cls), x + 5, y, 4.5, f"mc-point mc-series-{cls}"))
            out.append(_text("mc-label", x + 14, y, name, middle=True))
            x += _legend_item_w(name)
    out.append("</g>")
    return out


# --- shared chart parts ------------------------------------------------------


def _open(
    kind: str, cid: str, width: int, height: int, title: str, desc: str, *, links: bool = False
) -> list[str]:
    """The root element: ``role="img"``, or ``group`` when it holds links (an image's
    content is not announced, so its links would be unreachable for screen readers)."""
    role = "group" if links else "img"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mc-chart mc-chart-{kind}" '
        f'viewBox="0 0 {width} {height}" role="{role}" '
        f'aria-labelledby="{cid}-title {cid}-desc" width="100%" '
        f'style="max-width:{width}px;min-width:{_min_width(width)}px">',
        f'<title id="{cid}-title">{_esc(title)}</title>',
        f'<desc id="{cid}-desc">{_esc(desc)}</desc>',
        f"<g {_FONT}>",
    ]


def _min_width(width: int) -> int:
    """The narrowest a chart is drawn, so that its 12px text never renders below
    ``MIN_TEXT_PX`` (a narrower column scrolls the figure instead)."""
    return math.ceil(width * MIN_TEXT_PX / _FONT_PX)


def _line(cls: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"/>'


def _text(
    cls: str, x: float, y: float, text: str, anchor: str = "start", middle: bool = False
) -> str:
    """A text element; *middle* centres it vertically on y."""
    extra = ' dy="0.35em"' if middle else ""
    if anchor != "start":
        extra += f' text-anchor="{anchor}"'
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}"{extra}>{_esc(text)}</text>'


def _close(out: list[str]) -> str:
    out.append("</g></svg>")
    return "".join(out)


def _empty(kind: str, cid: str, width: int, height: int, title: str, desc: str) -> str:
    out = _open(kind, cid, width, height, title, desc)
    out.append(_text("mc-label mc-empty", width / 2, height / 2, i18n._("No data"), "middle", True))
    return _close(out)


def _axis_title(axis: Axis) -> str:
    return f"{axis.title} ({axis.unit})" if axis.unit else axis.title


def _frame(
    sx: _Scale, sy: _Scale, box: _Box, x_title: str, y_title: str, height: int, grid_x: bool = True
) -> list[str]:
    """Grid lines, axis lines, tick labels and axis titles of an x/y plot."""
    x0, y0, x1, y1 = box
    minor, major = "mc-grid mc-grid-minor", "mc-grid"
    out = ['<g class="mc-grid-lines">']
    if grid_x:
        out += [_line(minor, sx(v), y0, sx(v), y1) for v in sx.domain.minor]
        out += [_line(major, sx(v), y0, sx(v), y1) for v, _ in sx.domain.ticks]
    out += [_line(minor, x0, sy(v), x1, sy(v)) for v in sy.domain.minor]
    out += [_line(major, x0, sy(v), x1, sy(v)) for v, _ in sy.domain.ticks]
    out += ["</g>", _line("mc-axis", x0, y1, x1, y1), _line("mc-axis", x0, y0, x0, y1)]
    out.append('<g class="mc-ticks">')
    out += [
        _text("mc-tick", sx(v), y1 + X_TICK_DROP, label, "middle") for v, label in sx.domain.ticks
    ]
    out += [_text("mc-tick", x0 - 7, sy(v), label, "end", True) for v, label in sy.domain.ticks]
    out.append("</g>")
    if x_title:
        out.append(_text("mc-axis-title", (x0 + x1) / 2, height - 8, x_title, "middle"))
    if y_title:
        ym = _n((y0 + y1) / 2)
        out.append(f'<text class="mc-axis-title" x="14" y="{ym}" dy="0.35em" ')
        out.append(f'text-anchor="middle" transform="rotate(-90 14 {ym})">{_esc(y_title)}</text>')
    return out


# --- scatter and timeline ------------------------------------------------------


def _xy_chart(
    kind: str,
    points: Sequence[Point],
    *,
    x: Axis | None,
    y: Axis,
    title: str,
    desc: str,
    lines: Sequence[Line],
    width: int,
    height: int,
    chart_id: str,
) -> str:
    cid, width, height = _clean_id(chart_id), max(int(width), 240), max(int(height), 160)
    x_log = x is not None and x.log
    pts = [p for p in points if _usable(p.x, x_log) and _usable(p.y, y.log)]
    if not pts:
        return _empty(kind, cid, width, height, title, desc)
    names: dict[str, str] = {}
    for p in pts:
        cls = _token(p.series, "other")
        names[cls] = min(names.get(cls, p.series or "other"), p.series or "other")
    entries = sorted(((c, _truncate(n, 160)) for c, n in names.items()), key=lambda e: e[1])
    rows = _legend_rows(entries, width) if any(p.series for p in pts) else []

    x_title = _axis_title(x) if x is not None else ""
    top, bottom = 14 + 20 * len(rows), 46 if x_title else 28
    plot_h = max(height - top - bottom, 40)
    ydom = _domain([p.y for p in pts], y, int(plot_h // 45) + 1)
    left = math.ceil(max(_text_w(label) for _, label in ydom.ticks)) + 12 + (22 if y.title else 0)
    right = width - 20
    xs = [p.x for p in pts]
    if x is None:
        xdom = _linear_domain(xs, max(int((right - left) // 60), 2), years=True)
    else:
        xdom = _domain(xs, x, int((right - left) // 75) + 1)
    box = (float(left), float(top), float(right), float(top + plot_h))
    # Inset the scales so that points on the domain's edge do not sit on the axes.
    sx, sy = _Scale(xdom, left + 8, right - 8), _Scale(ydom, top + plot_h - 8, top + 8)

    links = any(_safe_href(p.href) for p in pts)
    out = _open(kind, cid, width, height, title, desc, links=links)
    out.extend(_legend(rows, width))
    out.extend(_frame(sx, sy, box, x_title, _axis_title(y), height))
    out.append(f'<clipPath id="{cid}-clip"><rect x="{_n(box[0])}" y="{_n(box[1])}" ')
    out.append(f'width="{_n(box[2] - box[0])}" height="{_n(box[3] - box[1])}"/></clipPath>')
    refs = _ref_paths(lines, sx, sy, box, x_log, y.log)
    if refs:
        out.append(f'<g class="mc-refs" clip-path="url(#{cid}-clip)">')
        out.extend(path for path, _, _ in refs)
        out.append("</g>")

    out.append('<g class="mc-points">')
    highlighted = [p for p in pts if p.highlight]
    for p in [p for p in pts if not p.highlight] + highlighted:
        cls = _token(p.series, "other")
        css = f"mc-point mc-series-{cls}" + (" mc-highlight" if p.highlight else "")
        r, hover = 7.5 if p.highlight else 4.5, f"<title>{_esc(p.label)}</title>"
        marker = _marker(_shape(cls), sx(p.x), sy(p.y), r, css, hover)
        href = _safe_href(p.href)
        if href:
            hit = (
                f'<circle class="mc-hit" cx="{_n(sx(p.x))}" cy="{_n(sy(p.y))}" '
                f'r="{HIT_RADIUS}" opacity="0"/>'
            )
            out.append(f'<a href="{_esc(href)}">{hit}{marker}</a>')
        else:
            out.append(marker)
    out.append("</g>")
    layout = _Layout(box, [seg for _, segs, _ in refs for seg in segs])
    for p in highlighted:
        layout.occupy(_marker_box(sx(p.x), sy(p.y), 9.0))
    for p in highlighted:
        label = _point_label(p, sx(p.x), sy(p.y), layout)
        if label:
            out.append(label)
    for _, segs, (text, style) in refs:
        if text:
            out.extend(_ref_label(text, style, segs, layout))
    return _close(out)


# --- label placement: no two texts overlap, no reference line runs through one -----------

_Segment = tuple[float, float, float, float]


def _text_box(x: float, y: float, text: str, anchor: str) -> _Box:
    """The box a label of 12px text takes, with slack for the font's real widths."""
    w = _text_w(text) * 1.15 + 4
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return (x0, y - 12.0, x0 + w, y + 4.0)


def _marker_box(cx: float, cy: float, r: float) -> _Box:
    return (cx - r, cy - r, cx + r, cy + r)


def _overlap(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(seg: _Segment, box: _Box) -> bool:
    return _clip((seg[0], seg[1]), (seg[2], seg[3]), box) is not None


@dataclass
class _Layout:
    """Boxes taken by labels so far, and the reference lines labels must keep off."""

    plot: _Box
    segments: list[_Segment]
    boxes: list[_Box] = field(default_factory=list)

    def occupy(self, box: _Box) -> None:
        self.boxes.append(box)

    def fits(self, box: _Box) -> bool:
        inside = (
            box[0] >= self.plot[0] + 2
            and box[2] <= self.plot[2] - 2
            and box[1] >= self.plot[1] + 1
            and box[3] <= self.plot[3] - 1
        )
        return (
            inside
            and not any(_overlap(box, other) for other in self.boxes)
            and not any(_crosses(seg, box) for seg in self.segments)
        )

    def place_text_only(
        self, text: str, candidates: Sequence[tuple[float, float, str]]
    ) -> tuple[float, float, str] | None:
        """Like :meth:`place`, but only other labels (not lines) are in the way."""
        segments, self.segments = self.segments, []
        try:
            return self.place(text, candidates)
        finally:
            self.segments = segments

    def place(
        self, text: str, candidates: Sequence[tuple[float, float, str]]
    ) -> tuple[float, float, str] | None:
        """The first candidate ``(x, y, anchor)`` where ``text`` fits, now taken."""
        for x, y, anchor in candidates:
            box = _text_box(x, y, text, anchor)
            if self.fits(box):
                self.occupy(box)
                return x, y, anchor
        return None


def _point_label(p: Point, px: float, py: float, layout: _Layout) -> str:
    """Label a highlighted point with its name (the label up to the first ": "), at the
    first free corner around it."""
    text = _truncate(p.label.split(": ", 1)[0], 220)
    candidates = []
    for away in (0.0, 12.0, 26.0):
        candidates += [
            (px + 11 + away, py - 11 - away, "start"),
            (px - 11 - away, py - 11 - away, "end"),
            (px + 11 + away, py + 20 + away, "start"),
            (px - 11 - away, py + 20 + away, "end"),
            (px, py - 14 - away, "middle"),
            (px, py + 24 + away, "middle"),
            (px + 13 + away, py + 4, "start"),
            (px - 13 - away, py + 4, "end"),
        ]
    spot = layout.place(text, candidates) or layout.place_text_only(text, candidates)
    if spot is None:
        return ""
    return _text("mc-label mc-highlight-label", spot[0], spot[1], text, spot[2])


def _ref_paths(
    lines: Sequence[Line],
    sx: _Scale,
    sy: _Scale,
    box: _Box,
    x_log: bool,
    y_log: bool,
) -> list[tuple[str, list[_Segment], tuple[str, str]]]:
    """Reference lines, cut to the plot area here (so that coordinates stay small and
    finite) and by the chart's clipPath, each with its own dash pattern: the path, its
    segments on screen, and its label text and style."""
    out: list[tuple[str, list[_Segment], tuple[str, str]]] = []
    for line in lines:
        coords = [(sx(a), sy(b)) for a, b in line.points if _usable(a, x_log) and _usable(b, y_log)]
        coords = [(a, b) for a, b in coords if abs(a) < _LIMIT and abs(b) < _LIMIT]
        d, last = [], ""
        segments: list[_Segment] = []
        for a, b in itertools.pairwise(coords):
            seg = _clip(a, b, box)
            if seg:
                (ax, ay), (bx, by) = seg
                segments.append((ax, ay, bx, by))
                start = f"{_n(ax)},{_n(ay)}"
                d.append(("" if start == last else f"M{start}") + f"L{_n(bx)},{_n(by)}")
                last = f"{_n(bx)},{_n(by)}"
        if not segments:
            continue
        style = _token(line.style, "ref")
        dash = DASHES[len(out) % len(DASHES)]
        path = (
            f'<path class="mc-ref mc-ref-{style}" d="{"".join(d)}" '
            f'style="stroke-dasharray:{dash}"><title>{_esc(line.label)}</title></path>'
        )
        out.append((path, segments, (_truncate(line.label, 200), style)))
    return out


def _ref_label(text: str, style: str, segments: Sequence[_Segment], layout: _Layout) -> list[str]:
    """The line's label beside it, as near its end as it fits; left out (the line's
    hover title stays) when it fits nowhere."""
    candidates = []
    for step in range(20):
        fraction = 1 - step / 20
        x, y = _along(segments, fraction)
        candidates += [
            (x - 4, y - 5, "end"),
            (x + 4, y - 5, "start"),
            (x + 4, y + 15, "start"),
            (x - 4, y + 15, "end"),
        ]
    spot = layout.place(text, candidates)
    if spot is None:
        return []
    css = f"mc-label mc-ref-label mc-ref-label-{style}"
    return [_text(css, spot[0], spot[1], text, spot[2])]


def _along(segments: Sequence[_Segment], fraction: float) -> tuple[float, float]:
    """The point ``fraction`` of the way along a polyline."""
    lengths = [math.hypot(s[2] - s[0], s[3] - s[1]) for s in segments]
    goal = sum(lengths) * fraction
    for seg, length in zip(segments, lengths, strict=True):
        if goal <= length or seg is segments[-1]:
            t = 0.0 if length == 0 else min(goal / length, 1.0)
            return seg[0] + (seg[2] - seg[0]) * t, seg[1] + (seg[3] - seg[1]) * t
        goal -= length
    return segments[-1][2], segments[-1][3]


def scatter(
    points: Sequence[Point],
    *,
    x: Axis,
    y: Axis,
    title: str,
    desc: str,
    lines: Sequence[Line] = (),
    width: int = 640,
    height: int = 400,
    chart_id: str,
) -> str:
    """A scatter plot with optional log axes, reference lines and a series legend."""
    return _xy_chart(
        "scatter", points, x=x, y=y, title=title, desc=desc, lines=lines,
        width=width, height=height, chart_id=chart_id,
    )  # fmt: skip


def timeline(
    points: Sequence[Point],
    *,
    y: Axis,
    title: str,
    desc: str,
    chart_id: str,
    width: int = 640,
    height: int = 360,
) -> str:
    """Points over time: x values are fractional years (2024.92), ticks on whole years."""
    return _xy_chart(
        "timeline", points, x=None, y=y, title=title, desc=desc, lines=(),
        width=width, height=height, chart_id=chart_id,
    )  # fmt: skip


# --- bars and histogram --------------------------------------------------------


def _value_text(value: float, unit: str) -> str:
    digits = 1 if abs(value) >= 10 else 2
    return _trim(f"{value:,.{digits}f}") + unit


def bars(
    items: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    max_value: float = 100,
    unit: str = "",
    chart_id: str,
    width: int = 640,
) -> str:
    """Horizontal bars on a 0..max_value scale; missing values show a dash and no bar."""
    cid, width = _clean_id(chart_id), max(int(width), 240)
    rows = [(str(label), v if v is not None and _usable(v, False) else None) for label, v in items]
    if not rows:
        return _empty("bars", cid, width, 80, title, desc)
    known = [v for _, v in rows if v is not None and v > 0]
    if not _usable(max_value, True):
        max_value = max(known, default=1.0)
    row_h, top = 26, 6
    height = top + row_h * len(rows) + 26
    values = {i: _value_text(v, unit) for i, (_, v) in enumerate(rows) if v is not None}
    # label column: the text, the 8px gap to the bars and a little margin on the left
    label_w = min(max(_text_w(label) for label, _ in rows) + 20, width * 0.4)
    value_w = max([_text_w(t) for t in values.values()] + [_text_w("100" + unit)]) + 10
    x0 = label_w
    x1 = max(width - value_w, x0 + 40)
    y1 = top + row_h * len(rows)
    dom = _linear_domain([0.0, max_value], int((x1 - x0) // 70) + 1)
    dom = _Domain(
        0.0, max_value, False, tuple((v, t + unit) for v, t in dom.ticks if v <= max_value)
    )
    sx = _Scale(dom, x0, x1)

    out = _open("bars", cid, width, height, title, desc)
    out.append('<g class="mc-grid-lines">')
    out += [_line("mc-grid", sx(v), top, sx(v), y1) for v, _ in dom.ticks]
    out.append('</g><g class="mc-ticks">')
    out += [_text("mc-tick", sx(v), y1 + 17, label, "middle") for v, label in dom.ticks]
    out.append("</g>")
    for i, (label, score) in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        shown = values.get(i, "\u2013")
        hover = (
            f"{label}: {shown}"
            if score is not None
            else i18n._("{label}: no data").format(label=label)
        )
        out.append(f'<g class="mc-bar-row"><title>{_esc(hover)}</title>')
        short = _truncate(label, x0 - 12)
        out.append(_text("mc-label mc-bar-label", x0 - 8, cy, short, "end", True))
        end = x0
        if score is not None:
            end = sx(min(max(score, 0.0), max_value))
            out.append(f'<rect class="mc-bar" x="{_n(x0)}" y="{_n(cy - 8)}" ')
            out.append(f'width="{_n(end - x0)}" height="16"/>')
        css = "mc-label mc-bar-value" + ("" if score is not None else " mc-missing")
        out += [_text(css, end + 6, cy, shown, middle=True), "</g>"]
    out.append(_line("mc-axis", x0, top, x0, y1))
    return _close(out)


def histogram(
    bins: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    width: int = 640,
    height: int = 260,
    y_title: str = "models",
    count_label: Callable[[int], str] | None = None,
) -> str:
    """Vertical bars, one per bin (e.g. models per quarter), labels thinned to fit.

    ``count_label`` words a bar's count in its hover title (``12 models``); by default
    the count and ``y_title``."""
    cid, width, height = _clean_id(chart_id), max(int(width), 240), max(int(height), 140)
    counts = [(str(label), min(max(int(n), 0), 10**15)) for label, n in bins]
    if not counts:
        return _empty("histogram", cid, width, height, title, desc)
    top, bottom = 20, 30
    plot_h = height - top - bottom
    ydom = _linear_domain(
        [0.0, float(max(n for _, n in counts))], int(plot_h // 40) + 1, counts=True
    )
    left = math.ceil(max(_text_w(t) for _, t in ydom.ticks)) + 12 + (22 if y_title else 0)
    right = width - 16
    sy = _Scale(ydom, top + plot_h, top)
    slot = (right - left) / len(counts)
    need = (max(_text_w(label) for label, _ in counts) + 10) / slot
    every = next((k for k in (1, 2, 4, 5, 10, 20, 50, 100) if k >= need), math.ceil(need))

    out = _open("histogram", cid, width, height, title, desc)
    frame_x = _Scale(_Domain(0.0, 1.0, False, ()), left, right)
    box = (float(left), float(top), float(right), float(top + plot_h))
    out.extend(_frame(frame_x, sy, box, "", y_title, height, grid_x=False))
    out.append('<g class="mc-bars">')
    bar_w = min(slot * 0.8, 64.0)
    for i, (label, n) in enumerate(counts):
        cx, y = left + slot * (i + 0.5), sy(n)
        if count_label is not None:
            hover = f"{label}: {count_label(n)}"
        else:
            noun = y_title[:-1] if n == 1 and y_title.endswith("s") else y_title
            hover = f"{label}: {n} {noun}".rstrip()
        out.append(f'<g class="mc-bar-col"><title>{_esc(hover)}</title>')
        out.append(f'<rect class="mc-bar" x="{_n(cx - bar_w / 2)}" y="{_n(y)}" ')
        out.append(f'width="{_n(bar_w)}" height="{_n(sy.r0 - y)}"/>')
        if n and slot >= _text_w(str(n)) + 4:
            out.append(_text("mc-label mc-bar-value", cx, y - 4, str(n), "middle"))
        if i % every == 0:
            out.append(_text("mc-tick", cx, sy.r0 + X_TICK_DROP, label, "middle"))
        out.append("</g>")
    out.append("</g>")
    return _close(out)
