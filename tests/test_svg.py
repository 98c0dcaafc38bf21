"""Tests for the build-time SVG charts (sphinx_modelcards.sphinxext.render.svg)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_modelcards.sphinxext.render.svg import (
    Axis,
    Line,
    Point,
    bars,
    histogram,
    scatter,
    timeline,
)

NS = "{http://www.w3.org/2000/svg}"
LOG = Axis("Parameters", log=True, unit="B")
LOG_Y = Axis("Training tokens", log=True, unit="B")
EVIL = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "R&D <b>&amp;</b> 'q'"]
TAGS = {"svg", "title", "desc", "g", "line", "text", "circle", "rect", "path", "a", "clipPath"}
ATTRS = {"xmlns", "class", "viewBox", "role", "aria-labelledby", "width", "height", "style"}
ATTRS |= {"id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "dy"}
ATTRS |= {"text-anchor", "transform", "clip-path", "href", "font-family", "font-size"}
ATTRS |= {"opacity"}  # the invisible, larger target of a linked point
NUMBER = re.compile(r"-?\d+(\.\d)?")


def parse(svg: str) -> Element:
    root: Element = fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def tag(el: Element) -> str:
    return el.tag.removeprefix(NS)


def find(root: Element, name: str, cls: str | None = None) -> list[Element]:
    return [
        el for el in root.iter(f"{NS}{name}") if cls is None or cls in el.get("class", "").split()
    ]


def texts(root: Element, cls: str) -> list[str]:
    return ["".join(el.itertext()) for el in find(root, "text", cls)]


def walk(root: Element) -> Iterator[Element]:
    yield from root.iter()


def sample_points() -> list[Point]:
    return [
        Point(
            200, 15000, "GPT-4o (OpenAI): 200B params, 15,000B tokens", "moe", "gpt-4o.html", True
        ),
        Point(70, 15000, "Llama 3 70B (Meta)", "dense", "llama-3-70b.html"),
        Point(70, 1400, "Chinchilla (DeepMind)", "dense"),
        Point(52, 8000, "Jamba", "hybrid", "https://example.org/jamba"),
        Point(4, 4000, "Gemma 3n", "matformer"),
    ]


CHINCHILLA = Line(((0.1, 2.0), (1e5, 2e6)), "Chinchilla 20:1", "chinchilla")


def sample_scatter(
    *,
    title: str = "Parameters vs tokens",
    desc: str = "Each model's parameters and training tokens.",
    lines: tuple[Line, ...] = (CHINCHILLA,),
    chart_id: str = "mc-chart-params-tokens-gpt-4o",
) -> str:
    return scatter(
        sample_points(), x=LOG, y=LOG_Y, title=title, desc=desc, lines=lines, chart_id=chart_id
    )


ALL_CHARTS: dict[str, Callable[[], str]] = {
    "scatter": lambda: sample_scatter(),
    "timeline": lambda: timeline(
        [Point(2023.2, 70, "a", "dense"), Point(2024.92, 200, "b", "moe", highlight=True)],
        y=LOG,
        title="Releases",
        desc="Models over time",
        chart_id="tl",
    ),
    "bars": lambda: bars(
        [("MMLU", 88.7), ("GPQA", None), ("HumanEval", 120.0)],
        title="Scores",
        desc="Benchmarks",
        unit="%",
        chart_id="b",
    ),
    "histogram": lambda: histogram(
        [(f"{y} Q{q}", y - 2020 + q) for y in range(2020, 2026) for q in range(1, 5)],
        title="Per quarter",
        desc="Models per quarter",
        chart_id="h",
    ),
}


# --- structure ---------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ALL_CHARTS))
def test_root_and_accessibility(kind: str) -> None:
    svg = ALL_CHARTS[kind]()
    root = parse(svg)
    assert root.get("class") == f"mc-chart mc-chart-{kind}"
    # An image's content is not announced: a chart holding links is a group instead.
    assert root.get("role") == ("group" if "<a href" in svg else "img")
    assert root.get("width") == "100%"
    assert root.get("height") is None
    _, _, w, h = (int(v) for v in root.get("viewBox", "").split())
    assert root.get("style") == f"max-width:{w}px;min-width:{math.ceil(w * 11 / 12)}px"
    assert h > 0
    first, second = list(root)[:2]
    assert (tag(first), tag(second)) == ("title", "desc")
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
    assert svg.count("<title id=") == 1


@pytest.mark.parametrize("kind", sorted(ALL_CHARTS))
def test_deterministic(kind: str) -> None:
    assert ALL_CHARTS[kind]() == ALL_CHARTS[kind]()


def check_elements_and_numbers(root: Element) -> None:
    for el in walk(root):
        assert tag(el) in TAGS
        assert set(el.attrib) <= ATTRS, el.attrib
        for name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"):
            value = el.get(name)
            if value is not None and value != "100%":
                assert NUMBER.fullmatch(value), (name, value)
        for number in re.findall(r"[^MLZ, ]+", el.get("d", "")):
            assert NUMBER.fullmatch(number), number


@pytest.mark.parametrize("kind", sorted(ALL_CHARTS))
def test_only_known_elements_and_rounded_numbers(kind: str) -> None:
    check_elements_and_numbers(parse(ALL_CHARTS[kind]()))


def test_no_inline_colours() -> None:
    for make in ALL_CHARTS.values():
        svg = make()
        assert not re.search(r"\b(fill|stroke|color)\s*[=:]", svg)
        assert not re.search(r"(?<!&)#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", svg)


def test_id_prefix_and_clip_path() -> None:
    root = parse(sample_scatter(chart_id="mc-chart-params-tokens-gpt-4o"))
    assert find(root, "title")[0].get("id") == "mc-chart-params-tokens-gpt-4o-title"
    assert find(root, "desc")[0].get("id") == "mc-chart-params-tokens-gpt-4o-desc"
    clips = find(root, "clipPath")
    assert [c.get("id") for c in clips] == ["mc-chart-params-tokens-gpt-4o-clip"]
    users = [el for el in walk(root) if el.get("clip-path")]
    assert [u.get("clip-path") for u in users] == ["url(#mc-chart-params-tokens-gpt-4o-clip)"]


def test_unsafe_chart_id_is_reduced_to_an_id() -> None:
    root = parse(sample_scatter(chart_id='a b"><x>'))
    assert root.get("aria-labelledby") == "a-b-x-title a-b-x-desc"
    assert find(root, "clipPath")[0].get("id") == "a-b-x-clip"


# --- escaping and links ------------------------------------------------------


def test_data_comes_out_as_text_only() -> None:
    points = [
        Point(i + 1, i + 2, evil, series=evil, href=evil, highlight=i == 0)
        for i, evil in enumerate(EVIL)
    ]
    axis = Axis(EVIL[0], log=True, unit=EVIL[1])
    outputs = [
        scatter(
            points,
            x=axis,
            y=Axis(EVIL[2], unit=EVIL[0]),
            title=EVIL[0],
            desc=EVIL[1],
            lines=[Line(((1, 1), (3, 5)), EVIL[1], style=EVIL[0])],
            chart_id=EVIL[1],
        ),
        timeline(points, y=axis, title=EVIL[2], desc=EVIL[0], chart_id=EVIL[0]),
        bars(
            [(e, 50.0) for e in EVIL] + [(EVIL[0], None)],
            title=EVIL[1],
            desc=EVIL[2],
            unit=EVIL[1],
            chart_id=EVIL[2],
        ),
        histogram(
            [(e, 3) for e in EVIL], title=EVIL[0], desc=EVIL[1], chart_id=EVIL[1], y_title=EVIL[2]
        ),
    ]
    for svg in outputs:
        assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
        root = parse(svg)
        for el in walk(root):
            assert tag(el) in TAGS
            assert set(el.attrib) <= ATTRS
            assert not any(name.lower().startswith("on") for name in el.attrib)
            # EVIL[0] has no scheme and no whitespace: a (harmless) relative link
            assert el.get("href") in (None, EVIL[0])
            for name, value in el.attrib.items():
                assert '"' not in value
                assert "<" not in value or name == "href"
        all_text = "\n".join("".join(el.itertext()) for el in walk(root) if tag(el) != "svg")
        assert any(evil in all_text for evil in EVIL)
        classes = " ".join(el.get("class", "") for el in walk(root))
        assert re.fullmatch(r"[a-z0-9 -]*", classes)


def test_titles_round_trip_as_text() -> None:
    svg = sample_scatter(title=EVIL[0], desc=EVIL[1])
    root = parse(svg)
    assert find(root, "title")[0].text == EVIL[0]
    assert find(root, "desc")[0].text == EVIL[1]


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("models/gpt-4o.html", True),
        ("../gpt-4o.html#benchmarks", True),
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:x", False),
        ("", False),
        (None, False),
    ],
)
def test_hrefs(href: str | None, kept: bool) -> None:
    root = parse(
        scatter(
            [Point(1, 1, "p", "dense", href)],
            x=Axis("x"),
            y=Axis("y"),
            title="t",
            desc="d",
            chart_id="c",
        )
    )
    links = find(root, "a")
    if kept:
        assert [a.get("href") for a in links] == [href]
        assert tag(links[0][0]) in {"circle", "rect", "path"}
    else:
        assert links == []
        assert len(find(find(root, "g", "mc-points")[0], "circle", "mc-point")) == 1


@pytest.mark.parametrize(
    ("series", "cls"),
    [
        ("moe", "moe"),
        ("MoE", "moe"),
        ("state_space", "state-space"),
        ("", "other"),
        ("<>", "other"),
    ],
)
def test_series_classes(series: str, cls: str) -> None:
    root = parse(
        scatter(
            [Point(1, 1, "p", series)], x=Axis("x"), y=Axis("y"), title="t", desc="d", chart_id="c"
        )
    )
    points = [el for el in walk(root) if "mc-point" in el.get("class", "").split()]
    assert points and all(f"mc-series-{cls}" in el.get("class", "").split() for el in points)


def test_series_have_distinct_shapes_and_a_sorted_legend() -> None:
    names = ["moe", "dense", "hybrid", "matformer", "compound", "coe", ""]
    pts = [Point(i + 1, i + 1, n, n) for i, n in enumerate(names)]
    root = parse(scatter(pts, x=Axis("x"), y=Axis("y"), title="t", desc="d", chart_id="c"))
    legend = find(root, "g", "mc-legend")[0]
    assert texts(legend, "mc-label") == sorted(n or "other" for n in names)
    shapes = set()
    for name in names:  # the same position, so equal shapes give equal markup
        one = parse(
            scatter(
                [Point(1, 1, "p", name)],
                x=Axis("x"),
                y=Axis("y"),
                title="t",
                desc="d",
                chart_id="c",
            )
        )
        (marker,) = list(find(one, "g", "mc-points")[0])
        shapes.add((tag(marker), marker.get("d"), marker.get("width"), marker.get("r")))
    assert len(shapes) == len(names)


# --- scales --------------------------------------------------------------------


def test_log_axis_ticks() -> None:
    pts = [Point(1.5, 300, "a"), Point(671, 15000, "b")]
    root = parse(scatter(pts, x=LOG, y=LOG_Y, title="t", desc="d", chart_id="c"))
    ticks = texts(root, "mc-tick")
    assert ticks[:4] == ["1", "10", "100", "1K"]  # x: whole decades around 1.5..671
    assert ticks[4:] == ["100", "1K", "10K", "100K"]  # y: 300..15000
    titles = texts(root, "mc-axis-title")
    assert titles == ["Parameters (B)", "Training tokens (B)"]


def test_log_axis_compact_labels() -> None:
    pts = [Point(0.01, 1e3, "a"), Point(1e12, 1e15, "b")]
    root = parse(
        scatter(
            pts,
            x=Axis("x", log=True),
            y=Axis("y", log=True),
            title="t",
            desc="d",
            chart_id="c",
            height=600,
            width=1600,
        )
    )
    ticks = texts(root, "mc-tick")
    for label in ("0.01", "0.1", "1", "1K", "1M", "1B", "1T", "1e15"):
        assert label in ticks


def test_log_axis_skips_non_positive_and_non_finite() -> None:
    pts = [Point(0, 1, "zero"), Point(-5, 1, "neg"), Point(math.nan, 1, "nan")]
    pts += [Point(10, math.inf, "inf"), Point(10, 100, "ok")]
    root = parse(scatter(pts, x=LOG, y=LOG_Y, title="t", desc="d", chart_id="c"))
    assert [t.text for t in find(root, "title")[1:]] == ["ok"]
    only_bad = scatter(pts[:3], x=LOG, y=LOG_Y, title="t", desc="d", chart_id="c")
    assert texts(parse(only_bad), "mc-empty") == ["No data"]


@pytest.mark.parametrize("log", [False, True])
def test_single_point_and_identical_values(log: bool) -> None:
    for pts in ([Point(5, 5, "one", "dense")], [Point(0.0 if not log else 1, 7, "p", "dense")] * 3):
        svg = scatter(
            pts, x=Axis("x", log=log), y=Axis("y", log=log), title="t", desc="d", chart_id="c"
        )
        root = parse(svg)
        assert len(texts(root, "mc-tick")) >= 4
        _, _, w, h = (float(v) for v in root.get("viewBox", "").split())
        marker = find(root, "circle", "mc-point")[0]
        assert 0 < float(marker.get("cx", "nan")) < w and 0 < float(marker.get("cy", "nan")) < h


def test_linear_ticks_are_nice() -> None:
    pts = [Point(0, 3, "a"), Point(97, 88, "b")]
    root = parse(scatter(pts, x=Axis("x"), y=Axis("y"), title="t", desc="d", chart_id="c"))
    ticks = texts(root, "mc-tick")
    assert ticks[:6] == ["0", "20", "40", "60", "80", "100"]


def test_timeline_year_ticks() -> None:
    pts = [Point(2021.3, 7, "a"), Point(2024.92, 200, "b")]
    root = parse(timeline(pts, y=LOG, title="t", desc="d", chart_id="c"))
    ticks = texts(root, "mc-tick")
    assert ticks[:5] == ["2021", "2022", "2023", "2024", "2025"]
    assert texts(root, "mc-axis-title") == ["Parameters (B)"]


# --- highlight, lines, empty ---------------------------------------------------


def test_highlight() -> None:
    root = parse(sample_scatter())
    group = find(root, "g", "mc-points")[0]
    marks = [el for el in group.iter() if "mc-point" in el.get("class", "").split()]
    highlighted = [el for el in marks if "mc-highlight" in el.get("class", "").split()]
    assert len(highlighted) == 1 and marks[-1] is highlighted[0]  # drawn on top
    assert highlighted[0][0].text == "GPT-4o (OpenAI): 200B params, 15,000B tokens"
    size = float(highlighted[0].get("width", "0"))
    others = [float(el.get("r", "0")) * 2 for el in marks if tag(el) == "circle"]
    assert size > max(others)
    assert texts(root, "mc-highlight-label") == ["GPT-4o (OpenAI)"]


def test_reference_line_clipped_and_labelled_inside() -> None:
    root = parse(sample_scatter())
    (rect,) = find(root, "clipPath")[0]
    x0, y0 = float(rect.get("x", "")), float(rect.get("y", ""))
    x1, y1 = x0 + float(rect.get("width", "")), y0 + float(rect.get("height", ""))
    (group,) = [el for el in walk(root) if el.get("clip-path")]
    (path,) = find(group, "path", "mc-ref-chinchilla")
    assert "mc-ref" in path.get("class", "").split()
    assert path[0].text == "Chinchilla 20:1"
    # the line runs from 0.1 to 100,000 (beyond the 1..1,000 axis); it is cut to the plot
    numbers = [float(v) for v in re.findall(r"[-\d.]+", path.get("d", ""))]
    xs, ys = numbers[::2], numbers[1::2]
    assert min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1
    assert max(xs) == pytest.approx(x1, abs=0.1) or min(ys) == pytest.approx(y0, abs=0.1)
    (label,) = find(root, "text", "mc-ref-label")
    assert label.text == "Chinchilla 20:1"
    assert x0 <= float(label.get("x", "")) <= x1 and y0 <= float(label.get("y", "")) <= y1


def test_line_leaving_and_reentering_is_split() -> None:
    pts = [Point(1, 1, "a"), Point(10, 10, "b")]
    zigzag = Line(((0.5, 2), (5, 2), (5, 100), (8, 100), (8, 3)), "zigzag")
    root = parse(scatter(pts, x=LOG, y=LOG_Y, title="t", desc="d", lines=[zigzag], chart_id="c"))
    (path,) = find(root, "path", "mc-ref")
    assert path.get("d", "").count("M") == 2


def test_line_outside_plot_has_no_label() -> None:
    far = Line(((1e-9, 1e-9), (1e-8, 1e-8)), "far away")
    root = parse(sample_scatter(lines=(far,)))
    assert texts(root, "mc-ref-label") == []


@pytest.mark.parametrize(
    "svg",
    [
        scatter([], x=Axis("x"), y=Axis("y"), title="Empty scatter", desc="d", chart_id="e"),
        timeline([], y=Axis("y"), title="Empty scatter", desc="d", chart_id="e"),
        bars([], title="Empty scatter", desc="d", chart_id="e"),
        histogram([], title="Empty scatter", desc="d", chart_id="e"),
    ],
)
def test_empty(svg: str) -> None:
    root = parse(svg)
    assert find(root, "title")[0].text == "Empty scatter"
    assert texts(root, "mc-empty") == ["No data"]


# --- bars and histogram --------------------------------------------------------


def test_bars() -> None:
    root = parse(ALL_CHARTS["bars"]())
    rows = find(root, "g", "mc-bar-row")
    assert [r[0].text for r in rows] == ["MMLU: 88.7%", "GPQA: no data", "HumanEval: 120%"]
    assert texts(root, "mc-bar-value") == ["88.7%", "\u2013", "120%"]
    assert len(find(rows[1], "rect")) == 0
    widths = [float(r.get("width", "")) for r in find(root, "rect", "mc-bar")]
    assert widths[1] > widths[0] > 0  # 120 is clamped to the 100% end, not beyond
    assert texts(root, "mc-tick")[-1] == "100%"
    (axis,) = find(root, "line", "mc-axis")
    assert float(axis.get("x1", "")) + widths[1] <= float(root.get("viewBox", "").split()[2])


def test_long_bar_labels_are_truncated_with_full_title() -> None:
    name = "A benchmark with a very long name " * 3
    root = parse(bars([(name, 50.0)], title="t", desc="d", chart_id="c"))
    (label,) = texts(root, "mc-bar-label")
    assert label.endswith("\u2026") and len(label) < len(name)
    assert find(root, "g", "mc-bar-row")[0][0].text == f"{name}: 50"


def test_histogram() -> None:
    root = parse(ALL_CHARTS["histogram"]())
    cols = find(root, "g", "mc-bar-col")
    assert len(cols) == 24 and cols[0][0].text == "2020 Q1: 1 model"
    labels = texts(root, "mc-tick")
    assert "2020 Q1" in labels and "2025 Q4" not in labels  # thinned to fit
    assert all(lbl.isdigit() for lbl in labels if " " not in lbl)  # integer y ticks
    assert texts(root, "mc-axis-title") == ["models"]


# --- scale and robustness -------------------------------------------------------


def test_three_thousand_points() -> None:
    pts = [
        Point(
            10 ** ((i * 37 % 1000) / 250),
            10 ** ((i * 91 % 1000) / 200),
            f"m{i}",
            ("dense", "moe", "hybrid", "x")[i % 4],
            f"m/{i}.html",
            i == 7,
        )
        for i in range(3000)
    ]
    svg = scatter(pts, x=LOG, y=LOG_Y, title="t", desc="d", chart_id="big")
    root = parse(svg)
    group = find(root, "g", "mc-points")[0]
    assert len(find(group, "a")) == 3000


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
anything = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(anything, anything, st.text(max_size=30), st.text(max_size=8)), max_size=8),
    st.booleans(),
    st.booleans(),
)
def test_any_input_is_well_formed(
    raw: list[tuple[float, float, str, str]], x_log: bool, y_log: bool
) -> None:
    pts = [Point(x, y, label, series) for x, y, label, series in raw]
    svg = scatter(
        pts,
        x=Axis("x", log=x_log),
        y=Axis("y", log=y_log),
        title="t",
        desc="d",
        lines=[Line(((1, 1), (1e6, 2e6)), "l")],
        chart_id="c",
    )
    check_elements_and_numbers(parse(svg))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_label_round_trips(label: str) -> None:
    svg = scatter([Point(1, 2, label)], x=Axis("x"), y=Axis("y"), title="t", desc="d", chart_id="c")
    root = parse(svg)
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", label)
    expected = expected.replace("\r\n", "\n").replace("\r", "\n")
    assert (find(root, "title")[1].text or "") == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=12), st.one_of(st.none(), finite)), max_size=6),
    st.lists(st.tuples(st.text(max_size=12), st.integers(-5, 10**6)), max_size=30),
)
def test_bars_and_histogram_any_input(
    items: list[tuple[str, float | None]], bins: list[tuple[str, int]]
) -> None:
    parse(bars(items, title="t", desc="d", chart_id="c"))
    parse(histogram(bins, title="t", desc="d", chart_id="c"))
