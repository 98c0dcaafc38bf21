"""The seed example renders with every figure of the legacy card, in every builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import warnings_of
from helpers import html_tables, html_text

SEED_PAGE = "catalog/models/gemini-2.0-flash-exp"


@pytest.fixture(params=["vendored", "shared"])
def examples_app(request, make_app, tmp_path, rootdir):  # type: ignore[no-untyped-def]
    """The example model built as a project (html unless a test says otherwise): the
    copy in the test root, and the shared examples when they are present."""
    overrides = {}
    if request.param == "shared":
        shared = request.getfixturevalue("shared")
        overrides["modelcards_data"] = str(shared / "examples")

    def build(buildername: str = "html"):  # type: ignore[no-untyped-def]
        import shutil

        srcdir = tmp_path / f"examples-{buildername}"
        shutil.copytree(rootdir / "test-examples", srcdir)
        app = make_app(
            buildername,
            srcdir=srcdir,
            confoverrides=overrides,
        )
        app.build()
        return app

    return build


def _assert_seed_figures(text: str) -> None:
    for expected in (
        "Gemini 2.0 Flash exp",
        "ALScore: 3.2 (Mid-tier)",
        "1,000:1 — Compute-optimal",
        "Google DeepMind",
        "Dec 2024",
        "Public",
    ):
        assert expected in text, expected


def _benchmark_rows(tables: list[list[list[str]]]) -> dict[str, str]:
    table = next(t for t in tables if t and t[0][:2] == ["Benchmark", "Score"])
    return {row[0]: row[1] for row in table[1:]}


def test_seed_card_html(examples_app) -> None:  # type: ignore[no-untyped-def]
    app = examples_app("html")
    assert warnings_of(app) == []
    html = (Path(app.outdir) / f"{SEED_PAGE}.html").read_text()
    _assert_seed_figures(html_text(html))
    assert _benchmark_rows(html_tables(html)) == {
        "MMLU": "87.0",
        "MMLU-Pro": "76.4",
        "GPQA": "62.1",
    }


def test_seed_card_text(examples_app) -> None:  # type: ignore[no-untyped-def]
    app = examples_app("text")
    assert warnings_of(app) == []
    text = (Path(app.outdir) / f"{SEED_PAGE}.txt").read_text()
    _assert_seed_figures(" ".join(text.replace("**", "").split()))
    rows = {
        cells[0]: cells[1]
        for line in text.splitlines()
        if line.startswith("| ") and (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    assert rows["MMLU"] == "87.0"
    assert rows["MMLU-Pro"] == "76.4"
    assert rows["GPQA"] == "62.1"
    assert "HLE" not in rows


def test_seed_card_myst(examples_app) -> None:  # type: ignore[no-untyped-def]
    app = examples_app("html")
    html = (Path(app.outdir) / "myst.html").read_text()
    _assert_seed_figures(html_text(html))
    assert "HLE" not in _benchmark_rows(html_tables(html))


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "latex", "text", "epub"])
def test_every_builder(make_app, rootdir, tmp_path, builder) -> None:  # type: ignore[no-untyped-def]
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert warnings_of(app) == []
    outputs = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert outputs
    if builder == "latex":
        tex = next(p for p in outputs if p.suffix == ".tex").read_text()
        assert "Acme Titan" in tex
        assert "longtable" in tex
    if builder == "text":
        profile = Path(app.outdir) / "catalog" / "models" / "acme-titan.txt"
        flat = " ".join(profile.read_text().replace("**", "").split())
        assert "ALScore: 20.0 (Extremely powerful)" in flat


def _build_page(make_app, rootdir, tmp_path, name: str, body: str, buildername: str = "html"):  # type: ignore[no-untyped-def]
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n   {name.split('.')[0]}\n")
    (srcdir / "prose.rst").unlink()
    (srcdir / "myst.md").unlink()
    (srcdir / name).write_text(body)
    app = make_app(buildername, srcdir=srcdir, confoverrides={"modelcards_generate": False})
    app.build()
    return app


INLINE = """\
Inline
======

.. modelcard::

   id: one-off
   name: One-off Model
   lab: acme
   released: 2025-05
   parameters_b: 8
   training_tokens_b: 160
   benchmarks: {mmlu: 66.6}
"""


def test_inline_card(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _build_page(make_app, rootdir, tmp_path, "inline.rst", INLINE)
    assert warnings_of(app) == []
    text = html_text((Path(app.outdir) / "inline.html").read_text())
    assert "One-off Model" in text
    assert "ALScore: 0.1 (Lightweight)" in text
    assert "20:1 — Compute-optimal" in text


def test_inline_card_errors_point_at_the_page_line(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = INLINE.replace("parameters_b: 8", "parameters_b: -8").replace(
        "released: 2025-05", "relased: 2025-05"
    )
    app = _build_page(make_app, rootdir, tmp_path, "inline.rst", body)
    messages = [w.split("inline.rst:")[1] for w in warnings_of(app)]
    assert messages == [
        "9: WARNING: model 'one-off': unknown field 'relased' (did you mean 'released'?); expected one of: "
        "id, name, aliases, summary, lab, released, access, architecture, parameters_b, active_parameters_b, "
        "training_tokens_b, context_window, training_compute_flop, dataset_types, benchmarks, tags, notes, links, license, "
        "base_model, hf_id, base_relation, last_updated, version, owners, intended_use, "
        "out_of_scope_use, limitations, ethical_considerations, history, provenance; "
        "the model is left out [modelcards.schema]",
        "10: WARNING: model 'one-off': parameters_b: Input should be greater than 0 (got -8); "
        "the model is left out [modelcards.schema]",
    ]
    assert "Model card unavailable" in (Path(app.outdir) / "inline.html").read_text()


def test_section_options_and_no_title(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = (
        "Page\n====\n\n.. modelcard:: acme-titan\n   :sections: benchmarks, specs\n   :no-title:\n\n"
        ".. modelcard:: borealis-7b\n   :hide: benchmarks, notes, related, resources\n   :no-index:\n"
    )
    app = _build_page(make_app, rootdir, tmp_path, "page.rst", body)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "page.html").read_text()
    first, second = html.split('id="mc-model-borealis-7b"')
    assert first.index("Performance benchmarks") < first.index("Technical specifications")
    assert 'id="mc-model-acme-titan-efficiency"' not in first
    assert "<h2>Acme Titan" not in first
    assert 'id="mc-model-acme-titan"' in first  # the anchor survives without the title
    assert 'id="mc-model-borealis-7b-efficiency"' in second
    assert 'id="mc-model-borealis-7b-benchmarks"' not in second


def test_bad_section_option_warns(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = "Page\n====\n\n.. modelcard:: acme-titan\n   :sections: specs, charts\n"
    app = _build_page(make_app, rootdir, tmp_path, "page.rst", body)
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert 'page.rst:4: ERROR: Error in "modelcard" directive:' in warnings[0]
