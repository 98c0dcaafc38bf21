"""Charts say what they leave out, keep their labels apart, and are reachable without
a mouse: captions, dash patterns, label boxes, link targets and the table of points."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring

from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.sphinxext.render import charts, svg

from conftest import warnings_of
from helpers import build, html_tables, html_text

NS = "{http://www.w3.org/2000/svg}"
ROOTS = Path(__file__).parent / "roots"
SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)


def _catalog():  # type: ignore[no-untyped-def]
    return load_catalog(Sources(data=(ROOTS / "test-basic" / "data",)))


def _href(model_id: str) -> str:
    return f"../models/{model_id}.html"


def test_caption_says_how_many_models_are_plotted_and_why_not_all() -> None:
    catalog = _catalog()
    models = list(catalog.models.values())
    chart = charts.params_tokens(models, catalog, chart_id="c", href=_href)
    lacking = [m for m in models if not (m.parameters_b and m.training_tokens_b)]
    assert lacking and chart.count == len(models) - len(lacking)
    assert chart.note == (
        f"{chart.count} of {len(models)} models plotted "
        f"({len(lacking)} lack{'s' if len(lacking) == 1 else ''} parameters or training tokens)"
    )
    assert chart.caption() == f"Parameters and training tokens — {chart.note}"
    capped = charts.params_tokens(models, catalog, chart_id="c", max_points=2)
    assert "more beyond the 2 with the highest ALScore" in capped.note
    every = charts.params_tokens(
        [m for m in models if m not in lacking], catalog, chart_id="c", href=_href
    )
    assert every.note == "" and every.caption() == "Parameters and training tokens"


def test_figure_caption_shows_the_note(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    assert warnings_of(app) == []
    home = (Path(app.outdir) / "catalog" / "index.html").read_text("utf-8")
    captions = re.findall(r'<p class="mc-chart-caption">(.*?)</p>', home, re.DOTALL)
    assert any(re.search(r"— \d+ of \d+ models plotted \(\d+ lacks? ", c) for c in captions)


def _root(text: str) -> Element:
    return fromstring(text)


def test_reference_lines_have_distinct_dashes_and_labels_keep_off_them() -> None:
    catalog = _catalog()
    chart = charts.params_tokens(list(catalog.models.values()), catalog, chart_id="c")
    root = _root(chart.svg)
    paths = [el for el in root.iter(f"{NS}path") if "mc-ref" in el.get("class", "").split()]
    assert len(paths) >= 3
    dashes = [el.get("style") for el in paths]
    assert len(set(dashes)) == len(dashes)
    assert all(d and d.startswith("stroke-dasharray:") for d in dashes)


def _boxes(root: Element) -> list[tuple[float, float, float, float]]:
    """Estimated boxes of the in-plot labels (reference and highlight labels)."""
    boxes = []
    for el in root.iter(f"{NS}text"):
        css = el.get("class", "")
        if "mc-ref-label" in css or "mc-highlight-label" in css:
            x, y = float(el.get("x", 0)), float(el.get("y", 0))
            boxes.append(svg._text_box(x, y, el.text or "", el.get("text-anchor", "start")))
    return boxes


def test_in_plot_labels_do_not_overlap_each_other() -> None:
    catalog = _catalog()
    models = list(catalog.models.values())
    for model in models:
        if not (model.parameters_b and model.training_tokens_b):
            continue
        chart = charts.params_tokens(models, catalog, chart_id="c", highlight=model.id)
        boxes = _boxes(_root(chart.svg))
        assert len(boxes) >= 2
        for a, b in itertools.combinations(boxes, 2):
            assert not svg._overlap(a, b), (model.id, a, b)


def test_layout_refuses_a_label_across_a_line() -> None:
    layout = svg._Layout((0.0, 0.0, 400.0, 300.0), [(0.0, 150.0, 400.0, 150.0)])
    across = [(100.0, 156.0, "start")]  # its box spans y 144..160, across the line
    assert layout.place("Label", across) is None
    assert layout.place("Label", [(100.0, 140.0, "start")]) == (100.0, 140.0, "start")
    assert layout.place("Other", [(100.0, 140.0, "start")]) is None  # taken


def test_linked_points_have_big_targets_and_a_table(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    page = Path(app.outdir) / "catalog" / "index.html"
    html = page.read_text("utf-8")
    scatter = next(s for s in SVG.findall(html) if "mc-chart-scatter" in s)
    root = _root(scatter)
    assert root.get("role") == "group"
    anchors = list(root.iter(f"{NS}a"))
    assert anchors
    for anchor in anchors:
        hit = anchor.find(f"{NS}circle")
        assert hit is not None and hit.get("class") == "mc-hit"
        assert float(hit.get("r", 0)) * 2 >= 24
    linked = sorted(a.get("href") for a in anchors)
    details = re.search(r'<details class="mc-chart-data".*?</details>', html, re.DOTALL)
    assert details, "the points as a table beside the chart"
    assert sorted(re.findall(r'<a href="([^"]+)">', details[0])) == linked
    table = html_tables(details[0])[0]
    assert table[0] == ["Model", "Parameters", "Training tokens", "ALScore"]
    assert len(table) - 1 == len(anchors)
    assert "plotted models as a table" in html_text(details[0])


def test_text_never_renders_below_11px() -> None:
    for width in (240, 390, 640, 1200):
        assert svg._min_width(width) * 12 / width >= 11
