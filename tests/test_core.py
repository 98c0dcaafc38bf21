"""The seed example renders with every figure of the legacy card, in every builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import warnings_of
from helpers import html_tables, html_text

SEED_PAGE = "catalog/models/gemini-2.0-flash-exp"


@pytest.fixture
def examples_app(make_app, shared, tmp_path, rootdir):  # type: ignore[no-untyped-def]
    """The shared examples built as a project (html unless a test says otherwise)."""

    def build(buildername: str = "html"):  # type: ignore[no-untyped-def]
        import shutil

        srcdir = tmp_path / f"examples-{buildername}"
        shutil.copytree(rootdir / "test-examples", srcdir)
        app = make_app(
            buildername,
            srcdir=srcdir,
            confoverrides={"modelcards_data": str(shared / "examples")},
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
        "HLE": "-",
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
    assert rows["HLE"] == "-"


def test_seed_card_myst(examples_app) -> None:  # type: ignore[no-untyped-def]
    app = examples_app("html")
    html = (Path(app.outdir) / "myst.html").read_text()
    _assert_seed_figures(html_text(html))
    assert _benchmark_rows(html_tables(html))["HLE"] == "-"


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
