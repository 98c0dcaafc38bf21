"""The leaderboard directive: every option, filters, sorting, grouping and builders."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import warnings_of
from helpers import copy_root, html_tables


@pytest.fixture
def board(make_app, rootdir, tmp_path):  # type: ignore[no-untyped-def]
    """Build one page holding the given leaderboard directive(s); return tables and warnings."""

    def render(  # type: ignore[no-untyped-def]
        body: str,
        buildername: str = "html",
        *,
        pages: bool = False,
        files: dict[str, str] | None = None,
        conf: dict[str, object] | None = None,
    ):
        srcdir = copy_root(rootdir / "test-basic", tmp_path / f"lb-{buildername}")
        for relative, text in (files or {}).items():
            (srcdir / relative).parent.mkdir(parents=True, exist_ok=True)
            (srcdir / relative).write_text(text, encoding="utf-8")
        (srcdir / "board.rst").write_text(f":orphan:\n\nBoard\n=====\n\n{body}\n")
        if not pages:  # faster: only this page, no generated ones to link to
            (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   board\n")
            (srcdir / "prose.rst").unlink()
            (srcdir / "myst.md").unlink()
        overrides = {} if pages else {"modelcards_generate": False}
        overrides.update(conf or {})
        app = make_app(buildername, srcdir=srcdir, confoverrides=overrides)
        try:
            app.build()
        finally:
            app.cleanup()
        suffix = ".html" if buildername == "html" else ".txt" if buildername == "text" else None
        output = (Path(app.outdir) / f"board{suffix}").read_text() if suffix else ""
        return app, output

    return render


def _rows(html: str, index: int = 0) -> list[list[str]]:
    return html_tables(html)[index]


def _data(html: str, index: int = 0) -> list[list[str]]:
    """Body rows without divider rows (one cell spanning the table)."""
    return [row for row in _rows(html, index)[1:] if len(row) > 1]


def _island(html: str, table_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script type="application/json" class="mc-lb-data" data-for="{table_id}"[^>]*>(.*?)</script>',
        html,
    )
    assert match, f"no data island for {table_id}"
    return dict(json.loads(match.group(1)))


#: Two models whose ALScores (0.9587 and 1.02) both display as 1.0.
CLOSE_SCORES = {
    "data/models/cirrus/cirrus-low.yaml": (
        "id: cirrus-low\nname: Cirrus Low\nlab: cirrus\nparameters_b: 8.272\n"
        "training_tokens_b: 10000\naliases: [GPT4 Low, C-Low]\n"
    ),
    "data/models/cirrus/cirrus-high.yaml": (
        "id: cirrus-high\nname: Cirrus High\nlab: cirrus\nparameters_b: 9.3636\n"
        "training_tokens_b: 10000\n"
    ),
}


def test_defaults_rank_by_alscore(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(".. leaderboard::")
    assert warnings_of(app) == []
    rows = _rows(html)
    assert rows[0] == [
        "Rank",
        "Model",
        "Lab",
        "Params",
        "Tokens",
        "ALScore",
        "MMLU",
        "GPQA",
        "Access",
    ]
    names = [r[1] for r in _data(html)]
    # scores first (descending), then the models without a score, by name
    assert names == [
        "Acme Titan",
        "Borealis 70B",
        "Cirrus-2",
        "Borealis 7B",
        "Acme Pico",
        "Acme Next",
        "Cirrus-1 <Turbo>",
    ]
    # the two without an ALScore get no rank, under a divider
    assert rows[6] == ["Not ranked: 2 models without ALScore"]
    assert [r[0] for r in _data(html)] == ["1", "2", "3", "4", "5", "-", "-"]
    assert rows[1] == [
        "1",
        "Acme Titan",
        "Acme Research",
        "1,200B",
        "30T",
        "20.0",
        "91.5",
        "70.0",
        "Public",
    ]
    assert rows[-1][5] == "-"


def test_columns_sort_limit_caption_class_name(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        ".. leaderboard::\n"
        "   :columns: name, released, context, tier, ratio, compute_optimal, tags, mmlu-pro\n"
        "   :sort: released:desc\n"
        "   :limit: 3\n"
        "   :caption: Newest\n"
        "   :class: custom\n"
        "   :name: newest"
    )
    assert warnings_of(app) == []
    assert (
        '<table class="mc-table mc-leaderboard longtable custom docutils align-default" id="newest">'
        in html
    )
    assert '<caption><span class="caption-text">Newest</span>' in html
    rows = _rows(html)
    assert rows[0] == [
        "Model",
        "Released",
        "Context",
        "Tier",
        "Tokens:param",
        "Compute-optimal",
        "Tags",
        "MMLU-Pro",
    ]
    assert [r[0] for r in _data(html)[:3]] == ["Cirrus-2", "Cirrus-1 <Turbo>", "Acme Titan"]
    # :limit: counts ranked models only; the one without a date follows (no rank
    # column: no divider)
    assert [r[0] for r in rows[4:]] == ["Acme Next"]
    assert rows[3] == [
        "Acme Titan",
        "Mar 2025",
        "200,000",
        "Extremely powerful",
        "25:1",
        "Yes",
        "SOTA Reasoning",
        "80.2",
    ]


def test_multi_key_sort_and_rank_ties(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        ".. leaderboard::\n   :columns: name, architecture\n   :sort: architecture, -name\n"
        "   :rank:\n\n"
        ".. leaderboard::\n   :columns: architecture\n   :sort: architecture, -name\n   :rank:"
    )
    assert warnings_of(app) == []
    rows = _rows(html)[1:]
    assert [r[1:] for r in rows] == [
        ["Borealis 7B", "Dense"],
        ["Borealis 70B", "Dense"],
        ["Acme Pico", "Dense"],
        ["Cirrus-2", "Hybrid"],
        ["Cirrus-1 <Turbo>", "Hybrid"],
        ["Acme Titan", "MoE"],
        ["Acme Next", "MoE"],
    ]
    # the name is shown and is a sort key: no two rows tie
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    # the name is not shown: rows equal on every shown sort key share a rank (1, 1, 1, 4)
    assert [r[0] for r in _rows(html, 1)[1:]] == ["1", "1", "1", "4", "4", "6", "6"]


def test_missing_values_last_in_both_directions(board) -> None:  # type: ignore[no-untyped-def]
    _, html = board(
        ".. leaderboard::\n   :columns: name, gpqa\n   :sort: gpqa\n\n"
        ".. leaderboard::\n   :columns: name, gpqa\n   :sort: -gpqa"
    )
    ascending, descending = (_data(html, i) for i in (0, 1))
    assert [r[1] for r in ascending] == ["41.0", "60.0", "70.0", "-", "-", "-", "-"]
    assert [r[1] for r in descending] == ["70.0", "60.0", "41.0", "-", "-", "-", "-"]
    # ties (missing) stay in name order in both directions: the sort is stable
    assert [r[0] for r in ascending[3:]] == [r[0] for r in descending[3:]]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('lab == "acme"', ["Acme Next", "Acme Pico", "Acme Titan"]),
        ('lab != "acme" and access == "public"', ["Borealis 7B", "Cirrus-2"]),
        ("mmlu > 85", ["Acme Titan", "Cirrus-2"]),
        ("mmlu >= 85", ["Acme Titan", "Cirrus-1 <Turbo>", "Cirrus-2"]),
        ("mmlu < 62", ["Acme Pico"]),
        ("mmlu <= 62", ["Acme Pico", "Borealis 7B"]),
        ('"Reasoning" in tags', ["Acme Next", "Acme Titan", "Borealis 70B", "Cirrus-2"]),
        ('"reasoning" not in tags', ["Acme Pico", "Borealis 7B", "Cirrus-1 <Turbo>"]),
        ('lab in ["borealis", "cirrus"] and not (mmlu < 80)', ["Cirrus-1 <Turbo>", "Cirrus-2"]),
        ("released >= 2025-01", ["Acme Titan", "Cirrus-1 <Turbo>", "Cirrus-2"]),
        ("released == 2024-06", ["Acme Pico"]),
        ("parameters_b == null", ["Cirrus-1 <Turbo>"]),
        (
            'access == "private" or architecture == "hybrid"',
            ["Acme Next", "Cirrus-1 <Turbo>", "Cirrus-2"],
        ),
        ('"turbo" in name', ["Cirrus-1 <Turbo>"]),
        ("compute_optimal == true", ["Acme Titan", "Acme Pico", "Borealis 7B", "Cirrus-2"]),
    ],
)
def test_filter_operators(board, expression, expected) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        f".. leaderboard::\n   :columns: name\n   :sort: name\n   :filter: {expression}"
    )
    assert warnings_of(app) == []
    assert sorted(r[0] for r in _rows(html)[1:]) == sorted(expected)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("mmlu >", "expected a value after '>', found end of input (column 7)"),
        ("mmlu = 80", "use '==' to compare (column 6)"),
        ('name == "x', "unterminated string (column 9)"),
        ("mlu > 80", "unknown field 'mlu'; did you mean 'mmlu'? (column 1)"),
        ("name.__class__", "unknown field 'name.__class__'"),
        ("len(name) > 3", "calls are not allowed"),
        ("(mmlu > 80", "missing ')' to close the '(' at column 1 (column 11)"),
        ("released >= 2024-13", "column 13"),
        ("mmlu > 80 and", "end of input"),
        ("1 < mmlu < 3", "column"),
        ("lambda: 1", "unknown field 'lambda'"),
        ("mmlu + 1 > 2", "column 6"),
    ],
)
def test_bad_filters_warn_and_render_empty(board, expression, message) -> None:  # type: ignore[no-untyped-def]
    app, html = board(f".. leaderboard::\n   :columns: name\n   :filter: {expression}")
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    assert "board.rst:8: WARNING: leaderboard: bad filter:" in warnings[0]
    full = app.warning.getvalue()
    assert message in full
    assert "[modelcards.filter]" in full
    assert "No rows: the filter is invalid" in html
    assert _rows(html)[1:] == []


def test_unknown_columns_and_sort_keys_warn(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(".. leaderboard::\n   :columns: name, mmlu_pro\n   :sort: nam, size:up")
    messages = [w.split("WARNING: ")[1] for w in warnings_of(app)]
    assert messages == [
        "leaderboard: unknown column 'mmlu_pro' (did you mean 'mmlu-pro'?) [modelcards.option]",
        "leaderboard: unknown column 'nam' (did you mean 'name'?) [modelcards.option]",
        "leaderboard: bad sort key 'size:up'; use 'name', '-name' or 'name:desc' [modelcards.option]",
    ]
    assert _rows(html)[0] == ["Model"]


def test_group_by_counts(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        ".. leaderboard::\n   :group-by: access\n\n"
        ".. leaderboard::\n   :group-by: lab\n   :limit: 2\n\n"
        '.. leaderboard::\n   :group-by: tags\n   :filter: lab == "acme"'
    )
    assert warnings_of(app) == []
    assert _rows(html, 0) == [
        ["Access", "Models", "Share"],
        ["Public", "4", "57.1%"],
        ["Limited", "1", "14.3%"],
        ["Private", "1", "14.3%"],
        ["Unknown", "1", "14.3%"],
    ]
    assert _rows(html, 1) == [
        ["Lab", "Models", "Share"],
        ["Acme Research", "3", "42.9%"],
        ["Borealis Labs", "2", "28.6%"],
    ]
    assert _rows(html, 2)[1:] == [
        ["Reasoning", "2", "66.7%"],
        ["Small", "1", "33.3%"],
        ["SOTA", "1", "33.3%"],
    ]


def test_links_and_alignment(board) -> None:  # type: ignore[no-untyped-def]
    _, html = board(
        ".. leaderboard::\n   :columns: name, lab, mmlu\n   :limit: 1\n   :sort: -mmlu", pages=True
    )
    assert 'href="catalog/models/acme-titan.html#mc-model-acme-titan"' in html
    assert 'href="catalog/labs/acme.html#mc-lab-acme"' in html
    assert '<td class="mc-num mc-col-mmlu"><p>91.5</p></td>' in html
    assert '<th class="head mc-num mc-col-mmlu"><p>MMLU</p></th>' in html


def test_text_builder_plain_table(board) -> None:  # type: ignore[no-untyped-def]
    app, text = board(
        ".. leaderboard::\n   :columns: name, mmlu\n   :sort: -mmlu\n   :limit: 2", "text"
    )
    assert warnings_of(app) == []
    assert "| Acme Titan" in text and "| 91.5" in text
    assert "Cirrus-1" not in text


def test_latex_builder_longtable(board) -> None:  # type: ignore[no-untyped-def]
    app, _ = board(".. leaderboard::\n   :columns: name, mmlu", "latex")
    assert warnings_of(app) == []
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert r"\begin{longtable}" in tex
    assert "Acme Titan" in tex


def test_unranked_hidden_and_limit_counts_ranked_only(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        ".. leaderboard::\n   :columns: rank, name, gpqa\n   :sort: -gpqa\n   :limit: 2\n\n"
        ".. leaderboard::\n   :columns: rank, name, gpqa\n   :sort: -gpqa\n   :limit: 2\n"
        "   :unranked: hide\n\n"
        ".. leaderboard::\n   :columns: name\n   :unranked: sometimes"
    )
    shown, hidden = _rows(html, 0), _rows(html, 1)
    assert [r[0] for r in shown[1:3]] == ["1", "2"]
    assert shown[3] == ["Not ranked: 4 models without GPQA"]
    assert [r[0] for r in shown[4:]] == ["-"] * 4
    assert [r[0] for r in hidden[1:]] == ["1", "2"]
    assert "Not ranked" not in str(hidden)
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    assert '"sometimes" unknown; choose from "show", or "hide"' in app.warning.getvalue()


def test_values_compare_as_displayed(board) -> None:  # type: ignore[no-untyped-def]
    """ALScore 0.9587 shows as 1.0: it passes ``>= 1`` and ties with 1.02."""
    app, html = board(
        ".. leaderboard::\n   :columns: rank, name, alscore\n   :filter: alscore >= 1\n"
        "   :sort: -alscore\n\n"
        ".. leaderboard::\n   :columns: name, alscore\n   :filter: alscore < 1",
        files=CLOSE_SCORES,
    )
    assert warnings_of(app) == []
    rows = _data(html, 0)
    assert ["2", "Cirrus High", "1.0"] in rows and ["2", "Cirrus Low", "1.0"] in rows
    assert [r[0] for r in rows] == ["1", "2", "2"]
    assert "Cirrus Low" not in str(_rows(html, 1))


def test_ordinal_columns_sort_by_defined_order(board) -> None:  # type: ignore[no-untyped-def]
    app, html = board(
        ".. leaderboard::\n   :columns: name, tier, access\n   :sort: tier, access, name\n"
        "   :unranked: hide"
    )
    assert warnings_of(app) == []
    tiers = [r[1] for r in _data(html)]
    order = ["Extremely powerful", "Very powerful", "Powerful", "Mid-tier", "Lightweight"]
    assert tiers == sorted(tiers, key=order.index)
    assert tiers[0] == "Extremely powerful" and tiers[-1] == "Lightweight"
    assert '<span class="mc-badge mc-badge-public mc-ord-0">Public</span>' in html
    assert '<span class="mc-tier mc-ord-0">Extremely powerful</span>' in html


def test_short_lab_names_and_the_data_island(board) -> None:  # type: ignore[no-untyped-def]
    labs = (
        "- id: acme\n  name: Acme Research\n- id: borealis\n  name: Borealis Labs\n"
        "- id: cirrus\n  name: Cirrus Zürich AI\n  short_name: Cirrus\n"
    )
    app, html = board(
        ".. leaderboard::\n   :columns: name, lab\n   :more-columns: license, lab\n"
        "   :name: all\n\n"
        ".. leaderboard::\n   :columns: name\n   :limit: 3\n   :unranked: hide\n   :name: few",
        files={**CLOSE_SCORES, "data/labs.yaml": labs},
        pages=True,
        conf={"modelcards_interactive_min_rows": 5},
    )
    assert warnings_of(app) == []
    # the table cell shows the short name; the link's title the full one
    assert 'title="Cirrus Zürich AI (lab)"><span class="mc-ref mc-ref-lab">Cirrus</span>' in html
    # more-columns are in the table (complete without JavaScript), hidden by the script
    assert _rows(html)[0] == ["Model", "Lab", "Licence"]
    data = _island(html, "all")
    assert data["hidden"] == ["license"] and data["filter"] is True
    assert data["rankBy"] == "ALScore"
    search = dict(zip([r[0] for r in _data(html)], [row[0] for row in data["rows"]], strict=True))
    # id, name, aliases ("C-Low" -> "clow"), lab (accents folded), each word once
    assert search["Cirrus Low"] == "cirruslow cirrus low gpt4 clow zurich ai"
    assert {"acmetitan", "moe", "sota", "reasoning"} <= set(search["Acme Titan"].split())
    assert data["facets"]["lab"] == ["Acme Research", "Borealis Labs", "Cirrus"]
    # three rows are under the threshold: no filter box, no rows shipped
    assert _island(html, "few") == {
        "rankBy": "ALScore",
        "sort": "alscore",
        "hidden": [],
        "filter": False,
    }


def test_the_island_cannot_close_its_script(board) -> None:  # type: ignore[no-untyped-def]
    model = (
        "id: evil\nname: 'Evil </script><b>x</b>'\nlab: acme\n"
        "tags: ['</script><script>alert(1)</script>']\n"
    )
    _, html = board(
        ".. leaderboard::\n   :columns: name\n   :name: evil",
        files={"data/models/acme/evil.yaml": model},
        conf={"modelcards_interactive_min_rows": 1},
    )
    island = re.search(r'data-for="evil">(.*?)</script>', html, re.S)
    assert island and "<" not in island.group(1)
    assert "<script>alert" not in html
    assert any("evil" in row[0] for row in _island(html, "evil")["rows"])


def test_other_builders_have_no_island(board) -> None:  # type: ignore[no-untyped-def]
    app, text = board(".. leaderboard::\n   :columns: rank, name, gpqa\n   :sort: -gpqa", "text")
    assert warnings_of(app) == []
    assert "Not ranked: 4 models without GPQA" in text
    assert "mc-lb-data" not in text and "rankBy" not in text
