"""The leaderboard directive: every option, filters, sorting, grouping and builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import warnings_of
from helpers import copy_root, html_tables


@pytest.fixture
def board(make_app, rootdir, tmp_path):  # type: ignore[no-untyped-def]
    """Build one page holding the given leaderboard directive(s); return tables and warnings."""

    def render(body: str, buildername: str = "html", *, pages: bool = False):  # type: ignore[no-untyped-def]
        srcdir = copy_root(rootdir / "test-basic", tmp_path / f"lb-{buildername}")
        (srcdir / "board.rst").write_text(f":orphan:\n\nBoard\n=====\n\n{body}\n")
        if not pages:  # faster: only this page, no generated ones to link to
            (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   board\n")
            (srcdir / "prose.rst").unlink()
            (srcdir / "myst.md").unlink()
        overrides = {} if pages else {"modelcards_generate": False}
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
    names = [r[1] for r in rows[1:]]
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
    assert [r[0] for r in rows[1:]] == ["Cirrus-2", "Cirrus-1 <Turbo>", "Acme Titan"]
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
        ".. leaderboard::\n   :columns: name, architecture\n   :sort: architecture, -name\n   :rank:"
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
    # ties on the first key share a rank (competition ranking)
    assert [r[0] for r in rows] == ["1", "1", "1", "4", "4", "6", "6"]


def test_missing_values_last_in_both_directions(board) -> None:  # type: ignore[no-untyped-def]
    _, html = board(
        ".. leaderboard::\n   :columns: name, gpqa\n   :sort: gpqa\n\n"
        ".. leaderboard::\n   :columns: name, gpqa\n   :sort: -gpqa"
    )
    ascending, descending = (_rows(html, i)[1:] for i in (0, 1))
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
