"""Content built while reading, kept compact in the cached doctree, restored when written;
charts out of the search index; the garbage-collector threshold of a build."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from docutils import nodes
from sphinx import addnodes

from sphinx_modelcards.render.deferred import deferred

from conftest import warnings_of
from helpers import build, copy_root, html_tables

PROFILE = "catalog/models/acme-titan"
#: Objects Python itself may keep in the permanent generation.
FEW = 1_000


@pytest.fixture
def basic(rootdir, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A writable copy of the basic test root."""
    return copy_root(rootdir / "test-basic", tmp_path / "basic")


def _titles(node: nodes.Node) -> list[str]:
    return [title.astext() for title in node.findall(nodes.title)]


def test_cached_doctree_holds_placeholders_and_section_skeleton(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    assert warnings_of(app) == []
    cached = app.env.get_doctree(PROFILE)
    assert list(cached.findall(deferred))
    # No tables, links or charts in what Sphinx transforms and keeps in memory...
    assert not list(cached.findall(nodes.table))
    assert not list(cached.findall(addnodes.pending_xref))
    assert not list(cached.findall(nodes.raw))
    # ...but every section title, so page titles and tables of contents are as before.
    assert _titles(cached)[:3] == ["Acme Titan", "Overview", "Technical specifications"]
    toc = app.env.tocs[PROFILE].astext()
    assert "Performance benchmarks" in toc and "Related models" in toc
    assert app.env.titles[PROFILE].astext() == "Acme Titan"


def test_resolved_doctree_and_page_have_the_full_content(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    resolved = app.env.get_and_resolve_doctree(PROFILE, app.builder, tags=app.builder.tags)
    assert not list(resolved.findall(deferred))
    assert list(resolved.findall(nodes.table))
    assert not list(resolved.findall(addnodes.pending_xref))  # all links resolved
    assert not list(resolved.findall(addnodes.only))  # decided for this builder
    # Each section appears once: the skeleton was replaced, not kept beside the content.
    titles = _titles(resolved)
    assert titles.count("Performance benchmarks") == 1
    html = (Path(app.outdir) / f"{PROFILE}.html").read_text()
    assert html.count('id="mc-model-acme-titan-benchmarks"') == 1
    benchmarks = next(t for t in html_tables(html) if t[0][0] == "Benchmark")
    assert [row[0] for row in benchmarks[1:3]] == ["MMLU", "MMLU-Pro"]
    assert 'href="../labs/acme.html#mc-lab-acme"' in html


def test_anchor_of_an_untitled_card_survives(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        "Prose\n=====\n\nSee :mc:model:`acme-titan`.\n\n"
        ".. modelcard:: acme-titan\n   :no-title:\n   :no-index:\n"
    )
    app = build(make_app, basic)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "prose.html").read_text()
    # The target's id moved onto the placeholder while reading; it is on the card now.
    assert len(re.findall(r'id="mc-model-acme-titan"', html)) == 1
    assert '<p class="mc-summary" id="mc-model-acme-titan">The flagship.</p>' in html


@pytest.mark.parametrize("buildername", ["singlehtml", "text", "latex"])
def test_other_builders_get_the_content(make_app, basic, buildername) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, buildername)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    text = "\n".join(p.read_text() for p in out.rglob("*") if p.suffix in {".html", ".txt", ".tex"})
    # Lab pages (titles kept while reading, bodies deferred) and their tables.
    assert "Total models" in text and "Acme Titan" in text and "MMLU" in text
    assert "deferred" not in text and "mc_content" not in text


def test_charts_stay_out_of_the_search_index(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    html = (Path(app.outdir) / f"{PROFILE}.html").read_text()
    assert '<div class="no-search"><svg' in html
    # Only a lab timeline's description says its axis is logarithmic; tags stripped
    # from SVG used to run labels together into terms such as "020406080100mmlu".
    lab = (Path(app.outdir) / "catalog/labs/acme.html").read_text()
    assert "logarithmic" in lab.lower()
    index = (Path(app.outdir) / "searchindex.js").read_text()
    assert '"logarithm"' not in index and '"020406080100mmlu"' not in index
    assert '"technic"' in index  # the card's text is indexed


def _during_build(make_app, srcdir: Path, **confoverrides: object) -> tuple[tuple[int, ...], int]:  # type: ignore[no-untyped-def]
    """The GC thresholds while writing, and how many read doctrees Sphinx still holds."""
    seen: list[tuple[tuple[int, ...], int]] = []

    def record(_app, env) -> None:  # type: ignore[no-untyped-def]
        # Nothing left frozen by earlier builds (Python keeps a few hundred objects there).
        assert gc.get_freeze_count() < FEW
        seen.append((gc.get_threshold(), len(getattr(env, "_write_doc_doctree_cache", {}))))

    app = make_app("html", srcdir=srcdir, confoverrides=confoverrides)
    app.connect("env-updated", record, priority=990)  # after the extension's handler
    try:
        app.build()
    finally:
        app.cleanup()
    return seen[0]


def test_gc_threshold_is_raised_for_the_build_and_restored(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    during, kept = _during_build(make_app, basic)
    assert during == (max(before[0], 50_000), max(before[1], 50), before[2])
    assert kept == 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 100 * FEW  # frozen for a fast exit...
    _during_build(make_app, basic)  # ...and thawed by the next build (asserted inside)


def test_gc_threshold_zero_leaves_the_collector_alone(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    gc.unfreeze()  # what earlier builds of this test process left frozen
    before = gc.get_threshold()
    during, kept = _during_build(make_app, basic, modelcards_gc_threshold=0)
    assert during == before
    assert kept > 0  # Sphinx's own cache, untouched
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() < FEW
