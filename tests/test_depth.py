"""Model depth: provenance of numbers, lineage, training compute and card sections."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from sphinx_modelcards.data import metrics
from sphinx_modelcards.data.schema import Model

from conftest import warnings_of
from helpers import build, copy_root, html_files, html_tables, html_text

ROOT = Path(__file__).parent / "roots" / "test-depth"
DATA = "data/models.yaml"


@pytest.fixture
def depth(tmp_path: Path) -> Path:
    """A writable copy of the depth test root."""
    return copy_root(ROOT, tmp_path / "depth")


def _page(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")


# Bad input: warnings at file:line, the rest builds -------------------------------------------


def test_bad_provenance_and_lineage_warn_at_their_lines(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    lines = [line.split(str(depth) + "/", 1)[-1] for line in warnings_of(app)]
    expected = [
        f"{DATA}:84: WARNING: model 'shaky': parameters_b.status: Input should be 'disclosed', "
        "'estimated', 'claimed' or 'measured' (got 'rumoured'); the number is kept without its "
        "source details [modelcards.schema]",
        f"{DATA}:85: WARNING: model 'shaky': parameters_b.as_of: expected a date, YYYY-MM-DD "
        "(got 'last week'); the number is kept without its source details [modelcards.schema]",
        f"{DATA}:86: WARNING: model 'shaky': parameters_b.source: only http(s) and relative "
        "links are allowed (got 'javascript:alert(1)'); the number is kept without its source "
        "details [modelcards.schema]",
        f"{DATA}:70: WARNING: model 'swift-moe': base_model: unknown model id 'kite-8x' "
        "(did you mean 'kite-8b'?); give a base outside the catalog as {name, url} "
        "[modelcards.reference]",
        f"{DATA}:74: WARNING: model 'loop-a': base_model: the bases form a cycle "
        "(loop-a -> loop-b -> loop-a) [modelcards.reference]",
        "index.rst:29: WARNING: modelcompare: unknown model id 'kite-8c' (did you mean "
        "'kite-8b'?) [modelcards.reference]",
        "index.rst:30: WARNING: modelcompare: unknown row 'colour' [modelcards.option]",
        "index.rst:52: WARNING: modelchart: :size: expects parameters or compute, got 'flops' "
        "[modelcards.chart]",
    ]
    assert [line for line in lines if "toc.not_included" not in line] == expected
    shaky = _page(app, "catalog/models/shaky")
    assert "Parameters: 3B" in html_text(shaky)
    assert "javascript" not in shaky and "rumoured" not in shaky


# Provenance ----------------------------------------------------------------------------------


def test_markers_and_numbered_sources(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "catalog/models/kite-8b")
    # Disclosed values get a source reference only; others a marker with the details.
    assert '8.03B <a class="mc-source-ref' in page
    assert (
        '<abbr class="mc-provenance mc-provenance-claimed" '
        'title="claimed; source: Acme blog post, July 2024">claimed</abbr>'
    ) in page
    assert (
        'title="measured; source: https://example.org/kite-paper; 5-shot; '
        'method: lm-evaluation-harness 0.4.3; not verified">measured</abbr>'
    ) in page
    assert 'href="#mc-model-kite-8b-source-2"' in page
    text = html_text(page)
    assert (
        "Sources¶ https://example.org/kite-paper (Parameters, MMLU) "
        "Acme blog post, July 2024 (Training tokens)"
    ) in text
    assert '<li id="mc-model-kite-8b-source-1"><p><a class="mc-link external reference" ' in page
    moe = html_text(_page(app, "catalog/models/swift-moe"))
    assert "141B est. [1]" in moe and "arXiv:2401.04088 (Parameters)" in moe


def test_provenance_changes_no_value_and_filters_work(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    [table] = [t for t in html_tables(_page(app, "index")) if t[0][1] == "MMLU"]
    assert table == [
        ["Model", "MMLU", "Base model", "Compute"],
        ["Kite 8B", "66.7 measured", "-", "7.2e23 FLOP"],
    ]
    document = json.loads((Path(app.outdir) / "modelcards.json").read_text())
    kite = next(m for m in document["models"] if m["id"] == "kite-8b")
    assert kite["parameters_b"] == 8.03 and kite["benchmarks"]["mmlu"] == 66.7
    assert kite["provenance"]["benchmarks.mmlu"] == {
        "status": "measured",
        "source": "https://example.org/kite-paper",
        "n_shot": 5,
        "method": "lm-evaluation-harness 0.4.3",
        "verified": False,
    }
    assert kite["provenance"]["parameters_b"]["as_of"] == "2024-07-23"
    assert kite["training_compute_flop"] == 7.23e23


def test_json_schema_carries_provenance() -> None:
    from jsonschema import Draft202012Validator

    from sphinx_modelcards.cli import json_schema

    validator = Draft202012Validator(json_schema("model"))
    base = {"id": "x", "name": "X", "lab": "acme"}
    good = {"value": 8, "status": "disclosed", "source": "https://x.org", "as_of": "2024-07-23"}
    assert validator.is_valid({**base, "parameters_b": good})
    assert validator.is_valid({**base, "benchmarks": {"mmlu": {"value": 60, "n_shot": 5}}})
    assert validator.is_valid({**base, "base_model": "y"})
    assert validator.is_valid({**base, "base_model": ["y", {"name": "Z", "url": "https://z"}]})
    assert not validator.is_valid({**base, "parameters_b": {**good, "status": "rumoured"}})
    assert not validator.is_valid({**base, "parameters_b": {"status": "disclosed"}})


def test_a_dumped_model_with_provenance_reads_back() -> None:
    data = {
        "id": "x",
        "name": "X",
        "lab": "acme",
        "context_window": {"value": 8192, "status": "claimed", "source": "Model card"},
        "benchmarks": {"mmlu": {"value": 60, "status": "measured", "verified": True}},
    }
    model = Model.model_validate(data)
    assert model.context_window == 8192 and model.benchmarks == {"mmlu": 60}
    assert Model.model_validate(model.model_dump(mode="json")) == model


def _table_named(page: str, table_id: str) -> list[list[str]]:
    start = page.index(f'id="{table_id}"')
    [table] = html_tables(page[page.rindex("<table", 0, start) :])[:1]
    return table


def test_leaderboard_cells_carry_focusable_markers(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "index")
    assert _table_named(page, "lb-marked") == [
        ["Rank", "Model", "Params", "Tokens", "MMLU"],
        ["1", "Kite 8B Chat", "8.03B", "-", "69.4"],
        ["2", "Kite 8B Chat Q4", "-", "-", "68.1"],
        ["3", "Kite 8B", "8.03B", "15T claimed", "66.7 measured"],
        ["Not ranked: 5 models without MMLU"],
        ["-", "Kite Merge", "-", "-", "-"],
        ["-", "Loop A", "-", "-", "-"],
        ["-", "Loop B", "-", "-", "-"],
        ["-", "Shaky", "3B", "-", "-"],
        ["-", "Swift MoE", "141B est.", "8T", "-"],
    ]
    # Disclosed values (Kite 8B's parameters) get no marker; the others the cards' abbr,
    # focusable, with the details in its title.
    assert (
        '141B <abbr class="mc-provenance mc-provenance-estimated mc-provenance-cell" '
        'title="estimated; source: arXiv:2401.04088" tabindex="0">est.</abbr>'
    ) in page
    assert (
        'title="measured; source: https://example.org/kite-paper; 5-shot; method: '
        'lm-evaluation-harness 0.4.3; not verified" tabindex="0">measured</abbr>'
    ) in page


def test_provenance_never_changes_ranks_and_can_be_switched_off(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    marked = _table_named(_page(app, "index"), "lb-marked")
    myst = _page(app, "myst")
    unmarked = _table_named(myst, "lb-unmarked")
    assert [row[:2] for row in unmarked] == [row[:2] for row in marked]
    assert unmarked[3] == ["3", "Kite 8B", "8.03B", "15T", "66.7"]
    start = myst.index('id="lb-unmarked"')
    assert "mc-provenance" not in myst[start : myst.index("</table>", start)]


def test_filters_test_status_source_and_shots(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    assert _table_named(_page(app, "index"), "lb-estimated") == [
        ["Model", "Params"],
        ["Swift MoE", "141B est."],
    ]
    assert _table_named(_page(app, "myst"), "lb-sourced") == [
        ["Model", "MMLU"],
        ["Kite 8B", "66.7 measured"],
    ]


def test_a_changed_source_rereads_the_tables_that_mark_it(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, depth)
    data = depth / DATA
    data.write_text(data.read_text().replace("source: arXiv:2401.04088", "source: arXiv:2401.0"))
    app = build(make_app, depth)
    assert "index" in app.read_docs and "catalog/models/loop-a" not in app.read_docs
    assert 'title="estimated; source: arXiv:2401.0"' in _page(app, "index")


def test_filter_fields_of_provenance() -> None:
    from sphinx_modelcards.data.catalog import Catalog
    from sphinx_modelcards.data.schema import Benchmark
    from sphinx_modelcards.sphinxext.render.columns import filter_kinds, filter_record

    model = Model.model_validate(
        {
            "id": "x",
            "name": "X",
            "lab": "acme",
            "parameters_b": {"value": 8, "status": "estimated", "source": "Press"},
            "training_compute_flop": {"value": 2.1e25, "status": "estimated"},
            "benchmarks": {"mmlu": {"value": 60, "status": "measured", "n_shot": 5}},
        }
    )
    catalog = Catalog(models={"x": model}, benchmarks={"mmlu": Benchmark(id="mmlu", name="MMLU")})
    catalog.derived["x"] = metrics.derive(model, catalog.thresholds)
    record = filter_record(model, catalog.derived["x"], catalog)
    assert record["parameters_b.status"] == "estimated"
    assert record["parameters_b.source"] == "Press"
    assert record["mmlu.n_shot"] == 5 and record["mmlu.verified"] is None
    assert record["compute.status"] == "estimated"  # a stated training compute
    from sphinx_modelcards.sphinxext.render.provenance import cell_marker, key_of

    assert key_of("compute", catalog.benchmarks) == "training_compute_flop"
    marker = cell_marker(model, "training_compute_flop")
    assert marker is not None and marker.astext() == "est."
    kinds = filter_kinds(catalog)
    assert kinds["mmlu.n_shot"] == "num" and kinds["context_window.source"] == "text"


# Lineage -------------------------------------------------------------------------------------


def test_derived_models_and_lineage_graph(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    base = _page(app, "catalog/models/kite-8b")
    text = html_text(base)
    assert "Derived models: Kite 8B Chat (finetune)" in text
    assert 'class="mc-chart mc-chart-lineage"' in base
    # Three generations below the base: chat, then its quantised version and the merge.
    for name in ("Kite 8B Chat", "Kite 8B Chat Q4", "Kite Merge"):
        assert f"<title>{name}</title>" in base
    merge = _page(app, "catalog/models/kite-merge")
    assert '<a class="mc-link external reference" href="https://example.org/outside-7b">' in merge
    assert "Base model: Kite 8B Chat, Outside 7B (merge)" in html_text(merge)
    assert "mc-lineage-external" in merge
    q4 = _page(app, "myst")
    assert "Base model: Kite 8B Chat (quantized)" in html_text(q4)
    [table] = [t for t in html_tables(q4) if t[0][1] == "Base model"]
    assert table[1:] == [["Kite 8B Chat Q4", "Kite 8B Chat", "quantized", "-"]]


def test_lineage_is_bounded() -> None:
    from sphinx_modelcards.data.catalog import Catalog
    from sphinx_modelcards.sphinxext.render.lineage import MAX_WIDTH, generations, lineage_svg

    models = {"root": Model(id="root", name="Root", lab="x")}
    for i in range(MAX_WIDTH + 3):
        models[f"child-{i}"] = Model(id=f"child-{i}", name=f"Child {i}", lab="x", base_model="root")
    catalog = Catalog(models=models)
    catalog.derived_models["root"] = sorted(k for k in models if k != "root")
    [row] = generations(models["root"], catalog, up=False)
    assert len(row.nodes) == MAX_WIDTH and row.more == 3
    svg = lineage_svg(models["root"], catalog, chart_id="c")
    assert "and 3 more" in svg and svg == lineage_svg(models["root"], catalog, chart_id="c")


def test_a_new_derived_model_rereads_its_base(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, depth)
    data = depth / DATA
    data.write_text(
        data.read_text()
        + "  - id: kite-8b-code\n    name: Kite 8B Code\n    lab: acme\n"
        + "    base_model: kite-8b\n    base_relation: finetune\n"
    )
    app = build(make_app, depth)
    assert "catalog/models/kite-8b" in app.read_docs
    assert "catalog/models/loop-a" not in app.read_docs
    assert "Kite 8B Code (finetune)" in html_text(_page(app, "catalog/models/kite-8b"))


# Compute and card sections -------------------------------------------------------------------


def test_training_compute() -> None:
    assert metrics.training_compute(70, None, 15_000) == pytest.approx(6.3e24)
    assert metrics.training_compute(141, 39, 8_000) == pytest.approx(6 * 39e9 * 8e12)
    assert metrics.training_compute(None, None, 10) is None
    assert metrics.format_flop(2.1e24) == "2.1e24 FLOP"
    assert metrics.format_flop(None) == "-"


def test_moe_card_names_the_parameters_each_figure_uses(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    text = html_text(_page(app, "catalog/models/swift-moe"))
    compute = "Training compute: about 1.9e24 FLOP (6 × active parameters × training tokens)"  # noqa: RUF001
    assert compute in text
    assert "ALScore uses the total parameters; training compute uses the active ones." in text


def test_card_sections_are_plain_text(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "catalog/models/kite-8b")
    assert "&lt;b&gt;not bold&lt;/b&gt; and *not emphasis*." in page
    assert "<b>not bold" not in page and "<em>not emphasis" not in page
    text = html_text(page)
    for heading in ("Intended use", "Out-of-scope use", "Limitations", "Ethical considerations"):
        assert f"{heading}¶" in text
    assert (
        '<a class="mc-link external reference" href="https://spdx.org/licenses/Apache-2.0.html">'
        in page
    )
    assert '<a class="mc-link external reference" href="https://example.org/team">' in page
    assert "Version: 1.1" in text
    record = next(
        m
        for m in json.loads((Path(app.outdir) / "modelcards.json").read_text())["models"]
        if m["id"] == "kite-8b"
    )
    assert record["owners"] == [{"name": "Acme model team", "contact": "https://example.org/team"}]
    assert record["limitations"] == "Hallucinates facts about recent events."


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


def test_score_against_compute_chart(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "myst")
    [svg] = [s for s in _svgs(page) if "against training compute" in s]
    assert ">MMLU score against training compute</title>" in svg
    assert ">Training compute (FLOP)</text>" in svg
    ticks = re.findall(r'<text class="mc-tick" x="([\d.]+)"[^>]*>(10[²³⁴⁵]+|\d×10[²³⁴]+)<', svg)  # noqa: RUF001
    labels = [label for _, label in ticks]
    assert labels == ["10²³", "2×10²³", "5×10²³", "10²⁴"]  # noqa: RUF001
    x = {label: float(pos) for pos, label in ticks}
    # Kite 8B: 6 x 8.03e9 x 15e12 = 7.2e23 FLOP, at log10 23.86 between the decades.
    [(cx, _)] = re.findall(
        r'<g class="mc-points">.*?<circle class="mc-point mc-series-dense" '
        r'cx="([\d.]+)" cy="([\d.]+)"',
        svg,
        re.S,
    )
    expected = x["10²³"] + (math.log10(7.2279e23) - 23) * (x["10²⁴"] - x["10²³"])
    assert float(cx) == pytest.approx(expected, abs=0.2)
    assert "training compute 7.2e23 FLOP, MMLU 66.7</title>" in svg
    assert (
        "MMLU against compute. — 1 of 8 models plotted (7 lack training compute or a MMLU score)"
    ) in html_text(page)
    assert '<td class="mc-num">7.2e23 FLOP</td><td class="mc-num">66.7</td>' in page


def test_compute_timeline_chart(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "index")
    [svg] = [s for s in _svgs(page) if ">Training compute over time</title>" in s]
    for label in ("2024", "10²³", "10²⁴", "10²⁵"):
        assert f">{label}</text>" in svg
    assert svg.count('class="mc-point mc-series-') == 2 + 2  # two points, two legend keys
    assert "mc-highlight" in svg and ">Kite 8B</text>" in svg  # the highlighted model
    text = html_text(page)
    assert (
        "Training compute over time — 2 of 8 models plotted "
        "(6 lack a release date or training compute)"
    ) in text
    assert "Chart unavailable: :size: expects parameters or compute, got 'flops'." in text


@pytest.mark.parametrize("buildername", ["text", "latex"])
def test_compute_charts_fall_back_to_text(make_app, depth: Path, buildername: str) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth, buildername)
    out = Path(app.outdir)
    files = [*out.glob("*.txt"), *out.glob("*.tex")]
    body = " ".join(" ".join(p.read_text() for p in files).split())
    assert "2 models, training compute by release date. See the HTML version." in body
    assert "1 model, MMLU score against training compute. See the HTML version." in body


# Compare -------------------------------------------------------------------------------------


def test_compare_table_and_chart(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth)
    page = _page(app, "index")
    first, second = [t for t in html_tables(page) if t[0][:2] == ["Model", "Kite 8B"]]
    assert first[0] == ["Model", "Kite 8B", "Kite 8B Chat", "Kite 8B Chat Q4"]
    rows = {row[0]: row[1:] for row in first[1:]}
    assert rows["MMLU"] == ["66.7", "69.4 (best)", "68.1"]
    assert rows["Base model"] == ["-", "Kite 8B", "Kite 8B Chat"]
    assert rows["Compute"] == ["7.2e23 FLOP", "-", "-"]
    assert rows["Params"] == ["8.03B", "8.03B", "-"]  # sizes have no best
    # An unknown id and row warn; the rest is compared, without a chart.
    assert second == [["Model", "Kite 8B"], ["Params", "8.03B"], ["MMLU", "66.7"]]
    assert page.count('class="mc-chart mc-chart-compare"') == 1
    assert "<title>Kite 8B Chat, MMLU: 69.4</title>" in page
    myst = _page(app, "myst")
    [table] = [t for t in html_tables(myst) if t[0][:2] == ["Model", "Kite 8B"]]
    assert table[1:] == [
        ["Params", "8.03B", "141B"],
        ["Active", "-", "39B"],
        ["Compute", "7.2e23 FLOP", "1.9e24 FLOP"],
        ["ALScore", "1.2", "3.5 (best)"],
        ["MMLU", "66.7", "-"],
    ]


def test_compare_rereads_when_a_compared_model_changes(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, depth)
    data = depth / DATA
    data.write_text(data.read_text().replace("mmlu: 68.1", "mmlu: 70.2"))
    app = build(make_app, depth)
    assert "index" in app.read_docs and "myst" in app.read_docs
    tables = html_tables(_page(app, "index"))
    [table] = [t for t in tables if t[0][1:] == ["Kite 8B", "Kite 8B Chat", "Kite 8B Chat Q4"]]
    assert ["MMLU", "66.7", "69.4", "70.2 (best)"] in table


# Other builders ------------------------------------------------------------------------------


@pytest.mark.parametrize("buildername", ["text", "latex"])
def test_other_builders(make_app, depth: Path, buildername: str) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, depth, buildername)
    out = Path(app.outdir)
    if buildername == "text":
        text = (out / "catalog/models/kite-8b.txt").read_text()
        assert "**Derived models**:\n\n* Kite 8B Chat (finetune)" in text
        assert "15T claimed (claimed; source: Acme blog post, July 2024) [2]" in text
        assert "2. Acme blog post, July 2024 (Training tokens)" in text
        assert "<svg" not in text and "<b>not bold</b>" in text
        index = (out / "index.txt").read_text()
        assert "| MMLU           | 66.7         | **69.4**     | 68.1         |" in index
        assert "mc-chart" not in index
        row = "| 3       | Kite 8B                  | 8.03B            | 15T (claimed)    |"
        assert f"{row} 66.7 (measured)  |" in index
        assert "| Swift MoE                | 141B (est.)      |" in index
    else:
        [tex] = out.glob("*.tex")
        body = tex.read_text()
        assert "Derived models" in body and "svg" not in body
        assert r"\textless{}b\textgreater{}not bold" in body
        assert r"\sphinxstylestrong{69.4} (best)" in body
        assert r"141B \DUrole{mc-provenance}" in body and "{(est.)}" in body
        assert "tabindex" not in body


# Hugging Face model-index ----------------------------------------------------------------------


def test_hf_model_index_source_and_verified_map_both_ways() -> None:
    from sphinx_modelcards.importers.huggingface import (
        read_hf_card,
        split_front_matter,
        write_hf_card,
    )

    text = (Path(__file__).parent / "data/importers/hf/nova-7b-instruct.md").read_text()
    model = Model.model_validate(read_hf_card(text).model)
    assert model.benchmarks["mmlu"] == 71.5
    assert model.provenance["benchmarks.mmlu"].source == "https://example.org/leaderboard"
    assert model.provenance["benchmarks.mmlu"].n_shot == 5
    assert "benchmarks.gpqa" not in model.provenance
    fresh = Model.model_validate(
        {
            "id": "x",
            "name": "X",
            "lab": "acme",
            "benchmarks": {
                "gpqa": {"value": 40, "source": "https://x.org/eval", "verified": True, "n_shot": 0}
            },
        }
    )
    metadata, _ = split_front_matter(write_hf_card(fresh))
    [result] = metadata["model-index"][0]["results"]
    assert result["source"] == {"url": "https://x.org/eval"}
    assert result["metrics"][0]["verified"] is True
    assert result["dataset"]["args"] == {"num_few_shot": 0}
    again = Model.model_validate(read_hf_card(write_hf_card(fresh)).model)
    assert again.provenance["benchmarks.gpqa"].verified is True


def test_parallel_build_matches_serial(make_app, depth: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    serial = build(make_app, depth)
    other = copy_root(depth, tmp_path / "parallel")
    parallel = build(make_app, other, parallel=2)
    assert len(warnings_of(parallel)) == len(warnings_of(serial))
    assert html_files(Path(parallel.outdir)) == html_files(Path(serial.outdir))


def test_compute_charts_in_german(make_app, depth: Path) -> None:  # type: ignore[no-untyped-def]
    """Captions, notes and axes of the compute charts in the build's language."""
    app = build(make_app, depth, confoverrides={"language": "de"})
    page = _page(app, "index")
    start = page.index("mc-chart-figure-compute-timeline")
    charts = page[start:]
    for english in ("training compute", "release date", "score</text>", " models "):
        assert english not in charts, english
    assert "Trainingsrechenaufwand" in charts
