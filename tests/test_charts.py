"""Charts: the ``modelchart`` directive, its options and warnings, the charts on generated
pages, links in every HTML layout, fallbacks in other formats, determinism."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from sphinx_modelcards.data.catalog import Catalog
from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.data.schema import Model
from sphinx_modelcards.sphinxext.pages import MARKER, plan_pages
from sphinx_modelcards.sphinxext.render import charts

from conftest import ROOTS, warnings_of
from helpers import build

NS = "{http://www.w3.org/2000/svg}"
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)

ALL_KINDS = """\
Charts
======

.. modelchart:: params-tokens
   :filter: lab != "borealis"
   :model: acme-titan
   :title: Scale of the catalog
   :caption: Everything but *Borealis*, see :mc:lab:`acme`.
   :width: 700
   :height: 450
   :class: wide special

.. modelchart:: params-tokens
   :model: acme-titan
   :neighbours: 1

.. modelchart:: releases
   :filter: access == "public"
   :width: 500
   :height: 300

.. modelchart:: benchmarks
   :model: borealis-7b
   :width: 500

.. modelchart:: score-size
   :benchmark: mmlu
   :model: borealis-70b
   :filter: parameters_b > 1

.. modelchart:: lab-timeline
   :lab: borealis
   :model: borealis-7b
   :filter: released >= 2023-01
"""


def add_page(srcdir: Path, name: str, text: str) -> None:
    (srcdir / name).write_text(text)
    index = srcdir / "index.rst"
    index.write_text(index.read_text() + f"   {Path(name).stem}\n")


def svgs(html: str) -> list[str]:
    return SVG.findall(html)


def parse(svg: str) -> Element:
    root: Element = fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def titles(root: Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}title")]


def figures(html: str) -> list[str]:
    """The class attribute of each chart figure."""
    return re.findall(r'<div class="(mc-chart-figure[^"]*)"', html)


def load(root: Path = ROOTS / "test-basic") -> Catalog:
    return load_catalog(Sources(data=(root / "data",)))


# The directive ------------------------------------------------------------------------------


def test_every_kind_and_option(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    add_page(basic, "charts.rst", ALL_KINDS)
    app = build(make_app, basic)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "charts.html").read_text()
    assert figures(html) == [
        "mc-chart-figure mc-chart-figure-params-tokens wide special docutils container",
        "mc-chart-figure mc-chart-figure-params-tokens docutils container",
        "mc-chart-figure mc-chart-figure-releases docutils container",
        "mc-chart-figure mc-chart-figure-benchmarks docutils container",
        "mc-chart-figure mc-chart-figure-score-size docutils container",
        "mc-chart-figure mc-chart-figure-lab-timeline docutils container",
    ]
    roots = [parse(svg) for svg in svgs(html)]
    assert len(roots) == 6
    scale, neighbours, releases, bench, score, timeline = roots

    # :title:, :width:, :height:, :filter:, :model: (highlight), hover titles, hrefs
    assert titles(scale)[0] == "Scale of the catalog"
    assert scale.get("viewBox") == "0 0 700 450"
    points = [el for el in scale.iter() if "mc-point" in el.get("class", "").split()]
    hovers = [t for t in titles(scale) if ": " in t and "params" in t]
    assert sorted(h.split(":")[0] for h in hovers) == ["Acme Pico", "Acme Titan", "Cirrus-2"]
    highlighted = [el for el in points if "mc-highlight" in el.get("class", "")]
    assert len(highlighted) == 1
    assert "Acme Titan" in "".join(highlighted[0].itertext())
    assert 'class="mc-label mc-highlight-label"' in svgs(html)[0]
    refs = [t for t in titles(scale) if t.startswith(("Compute-optimal", "ALScore"))]
    assert refs == ["Compute-optimal 20:1", "ALScore 20", "ALScore 10", "ALScore 5", "ALScore 1"]
    series = {el.get("class") for el in scale.iter(f"{NS}circle")}
    assert "mc-point mc-series-dense" in series
    # :caption: is parsed as inline markup (the role resolves to the lab page)
    caption = re.search(r'<p class="mc-chart-caption">(.*?)</p>', html, re.DOTALL)
    assert caption is not None
    assert "<em>Borealis</em>" in caption[1]
    assert 'href="catalog/labs/acme.html#mc-lab-acme"' in caption[1]

    # :neighbours: 1 -> the model and the closest model of its lab only
    names = sorted(t.split(":")[0] for t in titles(neighbours) if "params" in t)
    assert names == ["Acme Pico", "Acme Titan"]
    assert "Acme Titan and nearby Acme Research releases" in titles(neighbours)[0]

    # releases: public models by quarter, default caption is the title
    assert titles(releases)[0] == "Model releases per quarter"
    assert releases.get("viewBox") == "0 0 500 300"
    bars = [t for t in titles(releases) if re.fullmatch(r"\d{4} Q\d: \d+ models?", t)]
    assert bars[0] == "2023 Q3: 1 model"
    assert sum(int(t.split(": ")[1].split()[0]) for t in bars) == 4  # public, dated

    # benchmarks: a missing score shows a dash
    bench_rows = [t for t in titles(bench) if ": " in t]
    assert "GPQA: no data" in bench_rows
    assert "MMLU: 62" in bench_rows
    assert "\u2013" in "".join(bench.itertext())

    # score-size: models with parameters above 1B and an MMLU score
    names = sorted(t.split(":")[0] for t in titles(score) if "MMLU" in t and "params" in t)
    assert names == ["Acme Titan", "Borealis 70B", "Borealis 7B", "Cirrus-2"]

    # lab-timeline: one lab's models, ALScore by date
    names = sorted(t.split(":")[0] for t in titles(timeline) if "params" in t)
    assert names == ["Borealis 70B", "Borealis 7B"]
    assert titles(timeline)[0] == "Borealis Labs models over time"


def test_myst_page(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    add_page(
        basic,
        "chart-myst.md",
        "# MyST charts\n\n```{modelchart} score-size\n:benchmark: gpqa\n:caption: GPQA\n```\n\n"
        "```{modelchart} nonsense\n```\n",
    )
    app = build(make_app, basic)
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert "chart-myst.md:8: WARNING: modelchart: unknown chart kind 'nonsense'" in warnings[0]
    html = (Path(app.outdir) / "chart-myst.html").read_text()
    assert len(svgs(html)) == 1
    assert "Chart unavailable: unknown chart kind" in html


BAD = [
    (".. modelchart::", "missing chart kind; expected one of params-tokens, releases, "
     "benchmarks, score-size, lab-timeline", "chart"),
    (".. modelchart:: param-tokens", "unknown chart kind 'param-tokens' (did you mean "
     "'params-tokens'?); expected one of params-tokens, releases, benchmarks, score-size, "
     "lab-timeline", "chart"),
    (".. modelchart:: params-tokens\n   :benchmark: mmlu",
     ":benchmark: does not apply to a params-tokens chart", "chart"),
    (".. modelchart:: benchmarks", "a benchmarks chart needs :model:", "chart"),
    (".. modelchart:: benchmarks\n   :model: acme-titn",
     "unknown model id 'acme-titn' (did you mean 'acme-titan'?)", "chart"),
    (".. modelchart:: score-size\n   :benchmark: mmlu-pr",
     "unknown benchmark id 'mmlu-pr' (did you mean 'mmlu-pro'?)", "chart"),
    (".. modelchart:: lab-timeline\n   :lab: acmee",
     "unknown lab id 'acmee' (did you mean 'acme'?)", "chart"),
    (".. modelchart:: releases\n   :width: wide",
     ":width: expects a whole number of pixels from 240 to 2000, got 'wide'", "chart"),
    (".. modelchart:: releases\n   :height: 100",
     ":height: expects a whole number of pixels from 160 to 2000, got '100'", "chart"),
    (".. modelchart:: params-tokens\n   :model: acme-titan\n   :neighbours: 0",
     ":neighbours: expects a count from 1 to 1000 or nothing, got '0'", "chart"),
    (".. modelchart:: params-tokens\n   :neighbours:", ":neighbours: needs :model:", "chart"),
    (".. modelchart:: releases\n   :class: !!!", ":class: expects class names, got '!!!'",
     "chart"),
    (".. modelchart:: releases\n   :title:", ":title: needs a value", "chart"),
    (".. modelchart:: releases\n   :filter: mmlu >",
     "bad filter: ", "filter"),
    (".. modelchart:: benchmarks\n   :model: acme-titan\n   :height: 300",
     ":height: does not apply to a benchmarks chart", "chart"),
    (".. modelchart:: params-tokens\n   :architecture: mixture",
     "unknown architecture id 'mixture'", "chart"),
    (".. modelchart:: params-tokens\n   :architecture: moe\n   :model: acme-titan\n"
     "   :neighbours:", ":architecture: and :neighbours: cannot be combined", "chart"),
]  # fmt: skip


def test_bad_options_warn_at_the_directive(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    lines = ["Bad charts", "==========", ""]
    starts = []
    for directive, _, _ in BAD:
        starts.append(len(lines) + 1)
        lines += [*directive.splitlines(), ""]
    add_page(basic, "bad.rst", "\n".join(lines))
    app = build(make_app, basic)
    warnings = warnings_of(app)
    assert len(warnings) == len(BAD), warnings
    for warning, line, (_, message, _) in zip(warnings, starts, BAD, strict=True):
        assert f"bad.rst:{line}: WARNING: modelchart: {message}" in warning
    stream = app.warning.getvalue()
    for subtype in ("chart", "filter"):
        expected = sum(1 for *_, sub in BAD if sub == subtype)
        assert stream.count(f"[modelcards.{subtype}]") == expected
    html = (Path(app.outdir) / "bad.html").read_text()
    assert svgs(html) == []
    assert html.count('<p class="mc-error"><em>Chart unavailable: ') == len(BAD)


def test_several_bad_options_warn_each(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    add_page(
        basic,
        "bad2.rst",
        "Bad\n===\n\n.. modelchart:: score-size\n   :width: 1\n   :lab: acme\n",
    )
    app = build(make_app, basic)
    messages = [w.split("WARNING: ")[1] for w in warnings_of(app)]
    assert messages == [
        "modelchart: :lab: does not apply to a score-size chart [modelcards.chart]",
        "modelchart: a score-size chart needs :benchmark: [modelcards.chart]",
        "modelchart: :width: expects a whole number of pixels from 240 to 2000, got '1' "
        "[modelcards.chart]",
    ]


# Generated pages ------------------------------------------------------------------------------


def test_generated_pages_carry_charts(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    assert warnings_of(app) == []
    out = Path(app.outdir) / "catalog"

    def kinds(page: str) -> list[str]:
        html = (out / page).read_text()
        for svg in svgs(html):
            parse(svg)
        return [f.split()[1].removeprefix("mc-chart-figure-") for f in figures(html)]

    assert kinds("models/acme-titan.html") == ["benchmarks", "params-tokens"]
    assert kinds("models/cirrus-1.html") == ["benchmarks"]  # no parameters
    assert kinds("models/acme-next.html") == []  # neither scores nor tokens
    assert kinds("labs/acme.html") == ["lab-timeline"]
    assert kinds("labs/cirrus.html") == ["lab-timeline"]
    assert kinds("architectures/moe.html") == ["params-tokens"]
    assert kinds("architectures/hybrid.html") == ["params-tokens"]
    assert kinds("tags/reasoning.html") == []
    assert kinds("index.html") == ["releases", "params-tokens"]
    moe = svgs((out / "architectures/moe.html").read_text())[0]
    assert "Acme Titan: " in moe and "Borealis" not in moe
    titan = (out / "models/acme-titan.html").read_text()
    # A "Charts" section like the card's others (same heading level), before "Last updated".
    charts = re.search(r'id="mc-model-acme-titan-charts">\s*<h(\d)>Charts', titan)
    related = re.search(r'id="mc-model-acme-titan-related">\s*<h(\d)>', titan)
    assert charts and related and charts[1] == related[1] == "2"
    assert titan.index("mc-model-acme-titan-charts") < titan.index("Last updated")
    assert "rubric" not in titan


def test_plan_pages_charts_follow_the_data() -> None:
    catalog = load()
    pages = plan_pages(catalog)
    assert pages["models/acme-titan"] == (
        f":orphan:\n\n{MARKER}\n\n.. modelcard:: acme-titan\n   :profile:\n   :charts:\n\n"
    )
    assert pages["labs/acme"].endswith(".. modelchart:: lab-timeline\n   :lab: acme\n\n")
    assert pages["architectures/moe"].endswith(
        ".. modelchart:: params-tokens\n   :architecture: moe\n\n"
    )
    # stubs name ids only: no model names or figures
    for text in pages.values():
        assert "Acme Titan" not in text and "1200" not in text
    off = plan_pages(catalog, charts=False)
    assert not any("modelchart" in text or ":charts:" in text for text in off.values())
    assert off.keys() == pages.keys()


def test_text_and_latex_get_the_fallback(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    add_page(basic, "charts.rst", ALL_KINDS)
    text_app = build(make_app, basic, "text")
    assert warnings_of(text_app) == []
    text = " ".join((Path(text_app.outdir) / "catalog/models/acme-titan.txt").read_text().split())
    assert "Chart: 4 benchmark scores of Acme Titan. See the HTML version." in text
    assert "Chart: 2 models, training tokens against parameters. See the HTML version." in text
    assert "<svg" not in text
    charts_txt = " ".join((Path(text_app.outdir) / "charts.txt").read_text().split())
    assert charts_txt.count("See the HTML version.") == 6

    latex_app = build(make_app, basic, "latex")
    assert warnings_of(latex_app) == []
    tex = next(Path(latex_app.outdir).glob("*.tex")).read_text()
    assert "See the HTML version." in tex
    assert "<svg" not in tex and "mc-chart-caption" not in tex

    html_app = build(make_app, basic, "html")
    html = (Path(html_app.outdir) / "charts.html").read_text()
    assert "See the HTML version" not in html


# Links ------------------------------------------------------------------------------------------


def _hrefs(outdir: Path) -> dict[Path, list[str]]:
    found: dict[Path, list[str]] = {}
    for page in sorted(outdir.rglob("*.html")):
        links = [h for svg in svgs(page.read_text()) for h in re.findall(r'href="([^"]*)"', svg)]
        if links:
            found[page] = links
    return found


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_hrefs_are_relative_and_resolve(make_app, basic: Path, buildername: str) -> None:  # type: ignore[no-untyped-def]
    add_page(basic, "charts.rst", ALL_KINDS)
    app = build(make_app, basic, buildername)
    assert warnings_of(app) == []
    outdir = Path(app.outdir)
    found = _hrefs(outdir)
    assert len(found) >= 10  # profiles, lab and architecture pages, index, charts.rst
    count = 0
    for page, links in found.items():
        for href in links:
            assert not href.startswith(("/", "http:", "https:", "#")), (page, href)
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))
            if href.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (page, href)
            assert "catalog/models/" in target.as_posix()
            count += 1
    assert count >= 20
    # a page never links to itself
    titan = outdir / (
        "catalog/models/acme-titan" + ("/index.html" if buildername == "dirhtml" else ".html")
    )
    assert not any("acme-titan" in h for h in found[titan])


def test_singlehtml_drops_links_to_pages_it_does_not_include(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, "singlehtml")
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "index.html").read_text()
    assert len(svgs(html)) >= 5  # index, lab and architecture pages (profiles are orphans)
    assert not any("href=" in svg for svg in svgs(html))


def test_no_links_without_generated_pages(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    (basic / "conf.py").write_text(
        (basic / "conf.py").read_text() + "modelcards_generate = False\n"
    )
    index = basic / "index.rst"
    index.write_text(index.read_text().replace("   catalog/index\n", ""))
    add_page(basic, "charts.rst", ALL_KINDS)
    app = build(make_app, basic)
    # without generated pages, the prose's references to catalog objects have no target
    assert [w for w in warnings_of(app) if "[modelcards.reference]" not in w] == []
    html = (Path(app.outdir) / "charts.html").read_text()
    assert len(svgs(html)) == 6
    assert not any("href=" in svg for svg in svgs(html))


# Determinism and incremental builds ------------------------------------------------------------


def test_svg_is_byte_identical_across_builds(make_app, basic: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_page(basic, "charts.rst", ALL_KINDS)
    other = tmp_path / "again"
    shutil.copytree(basic, other)
    first, second = build(make_app, basic), build(make_app, other)

    def all_svgs(outdir: Path) -> dict[str, list[str]]:
        return {
            str(p.relative_to(outdir)): svgs(p.read_text()) for p in sorted(outdir.rglob("*.html"))
        }

    one, two = all_svgs(Path(first.outdir)), all_svgs(Path(second.outdir))
    assert one == two
    assert sum(len(v) for v in one.values()) > 15


def test_chart_dependencies(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    deps = app.env.get_domain("mc").deps
    titan = deps["catalog/models/acme-titan"]
    assert {"model:acme-titan", "lab-members:acme", "benchmarks", "architecture:moe"} <= set(titan)
    assert "catalog" not in titan
    assert {"lab-models:acme", "lab:acme"} <= set(deps["catalog/labs/acme"])
    assert "architecture-members:moe" in deps["catalog/architectures/moe"]
    assert "catalog" not in deps["catalog/architectures/moe"]
    assert "catalog" in deps["catalog/index"]


def test_neighbour_sizes_reread_profiles(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    pico = basic / "data/models/acme/acme-pico.yaml"
    pico.write_text(pico.read_text().replace("training_tokens_b: 2", "training_tokens_b: 20"))
    app = build(make_app, basic)
    assert "catalog/models/acme-titan" in app.read_docs  # its chart shows acme-pico
    assert "catalog/models/borealis-7b" not in app.read_docs
    assert "catalog/architectures/dense" in app.read_docs  # its chart shows acme-pico
    assert "catalog/architectures/moe" not in app.read_docs
    titan = (Path(app.outdir) / "catalog/models/acme-titan.html").read_text()
    assert "Acme Pico: 0.1B params, 20B tokens" in titan


# The chart functions ---------------------------------------------------------------------------


def _many(count: int) -> list[Model]:
    return [
        Model(
            id=f"m{i:04d}",
            name=f"Model {i}",
            lab="lab",
            architecture="dense" if i % 2 else "moe",
            parameters_b=1 + i % 37,
            training_tokens_b=10 + i,
        )
        for i in range(count)
    ]


def test_points_are_capped_deterministically() -> None:
    models = _many(1005)
    chart = charts.params_tokens(
        models, Catalog(), chart_id="c", highlight="m0000", max_points=1000
    )
    root = parse(chart.svg)
    hovers = [t for t in titles(root) if "params" in t]
    assert len(hovers) == 1000 == chart.count
    desc = root.find(f"{NS}desc")
    assert desc is not None and desc.text is not None
    assert desc.text.endswith(" Showing the 1,000 of 1,005 models with the highest ALScore.")
    # the highlighted model is kept although its ALScore is the lowest
    assert any(h.startswith("Model 0:") for h in hovers)
    score = {m.name: (m.parameters_b or 0) * (m.training_tokens_b or 0) for m in models}
    dropped = sorted(set(score) - {h.split(":")[0] for h in hovers})
    kept_low = min(score[h.split(":")[0]] for h in hovers if not h.startswith("Model 0:"))
    assert all(score[name] <= kept_low for name in dropped)
    reversed_chart = charts.params_tokens(
        list(reversed(models)), Catalog(), chart_id="c", highlight="m0000", max_points=1000
    )
    assert reversed_chart.svg == chart.svg


def test_chart_functions_escape_and_describe() -> None:
    catalog = load()
    models = list(catalog.models.values())
    chart = charts.score_vs_size(models, "mmlu", catalog, chart_id="x")
    parse(chart.svg)
    assert chart.summary == "5 models, MMLU score against parameters."
    assert "Cirrus-1" not in chart.svg  # no parameter count
    bars = charts.benchmark_bars(catalog.models["cirrus-1"], catalog, chart_id="y")
    assert "Cirrus-1 &lt;Turbo&gt;" in bars.svg and "<Turbo>" not in bars.svg
    parse(bars.svg)
    empty = charts.releases([], chart_id="z")
    assert "No data" in empty.svg and empty.count == 0
    timeline = charts.lab_timeline(catalog.models_where("lab", "acme"), catalog, chart_id="t")
    assert timeline.summary == "2 models, ALScore by release date."


def test_releases_fall_back_to_years_over_long_spans() -> None:
    old = Model.model_validate({"id": "old", "name": "Old", "lab": "x", "released": "1990-01"})
    new = Model.model_validate({"id": "new", "name": "New", "lab": "x", "released": "2025-05"})
    tba = Model.model_validate({"id": "tba", "name": "Later", "lab": "x", "released": "TBA"})
    chart = charts.releases([old, new, tba], chart_id="r")
    assert chart.title == "Model releases per year"
    assert chart.summary == "2 models by release year, 1990 to 2025."
    assert "1 model without a release date (TBA) not counted." in chart.svg
