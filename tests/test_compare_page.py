"""The generated compare page and the links leaderboards get to it, per builder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sphinx_modelcards.sphinxext.compare_page import DIRECTIVE_DOCS
from sphinx_modelcards.sphinxext.render.compare import MAX_MODELS

from conftest import warnings_of
from helpers import build

ISLAND = re.compile(
    r'<script type="application/json" class="mc-lb-data"([^>]*)>(.*?)</script>', re.S
)
APP = re.compile(r'<div class="mc-compare-app" data-src="([^"]*)" data-max="(\d+)"')
CONF = {"modelcards_interactive_min_rows": 3}


@pytest.mark.parametrize(
    ("builder", "compare", "board", "link", "data"),
    [
        (
            "html",
            "catalog/compare.html",
            "catalog/all-models.html",
            "compare.html",
            "../modelcards.json",
        ),
        (
            "dirhtml",
            "catalog/compare/index.html",
            "catalog/all-models/index.html",
            "../compare/",
            "../../modelcards.json",
        ),
    ],
)
def test_compare_page_and_island_links(  # type: ignore[no-untyped-def]
    make_app, basic: Path, builder: str, compare: str, board: str, link: str, data: str
) -> None:
    """The page exists with the data's URL; islands of interactive tables carry its URL."""
    app = build(make_app, basic, builder, confoverrides=CONF)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    page = (out / compare).read_text(encoding="utf-8")
    match = APP.search(page)
    assert match is not None
    assert match.groups() == (data, str(MAX_MODELS))
    assert (out / compare).parent.joinpath(data).resolve() == (out / "modelcards.json").resolve()
    assert DIRECTIVE_DOCS.replace("&", "&amp;") in page
    names = json.loads(re.search(r'class="mc-compare-names">(.*?)</script>', page).group(1))
    assert names["benchmarks"]["mmlu"] == "MMLU"
    attrs, text = ISLAND.search((out / board).read_text(encoding="utf-8")).groups()
    assert f'data-compare="{link}"' in attrs
    island = json.loads(text)
    assert island["compareMax"] == MAX_MODELS
    published = json.loads((out / "modelcards.json").read_text(encoding="utf-8"))["models"]
    assert sorted(island["ids"]) == [model["id"] for model in published]  # every row's id


def test_other_builders_explain_without_the_app(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    """The text builder keeps the explanation and drops the browser's element."""
    app = build(make_app, basic, "text", confoverrides=CONF)
    text = " ".join((Path(app.outdir) / "catalog" / "compare.txt").read_text("utf-8").split())
    assert "Tick models on a leaderboard" in text
    assert "modelcompare directive" in text
    assert "mc-compare-app" not in text


def test_no_link_without_generated_pages(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    """Without the generated compare page, leaderboards offer no Compare button."""
    app = build(make_app, basic, confoverrides={**CONF, "modelcards_generate": False})
    html = (Path(app.outdir) / "prose.html").read_text(encoding="utf-8")
    islands = ISLAND.findall(html)
    assert islands
    assert all("data-compare" not in attrs for attrs, _ in islands)
