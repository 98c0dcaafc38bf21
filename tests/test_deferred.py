"""Content built while reading, kept compact in the cached doctree, restored when written;
charts out of the search index; the garbage-collector threshold of a build."""

from __future__ import annotations

import gc
import inspect
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_modelcards.sphinxext.gctuning import MERGE_YOUNG
from sphinx_modelcards.sphinxext.render.deferred import deferred

from conftest import warnings_of
from helpers import ProcessProbes, build, html_tables

PROFILE = "catalog/models/acme-titan"


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
    resolve = app.env.get_and_resolve_doctree
    tags = {"tags": app.builder.tags} if "tags" in inspect.signature(resolve).parameters else {}
    resolved = resolve(PROFILE, app.builder, **tags)  # Sphinx 9 wants tags, 8 has none
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


@pytest.mark.parametrize(("builder", "early"), [("html", False), ("text", True)])
def test_when_other_post_transforms_see_the_content(make_app, basic, builder, early) -> None:  # type: ignore[no-untyped-def]
    """Non-HTML builders expand before every post-transform; HTML ones after Sphinx's
    (which end at 400) and before 900, references and ``only`` nodes resolved again."""
    seen: dict[int, bool] = {}

    def probe(priority: int) -> type[SphinxPostTransform]:
        class Probe(SphinxPostTransform):
            default_priority = priority

            def run(self, **kwargs: object) -> None:
                if self.env.docname == PROFILE:
                    seen[priority] = bool(list(self.document.findall(nodes.table)))

        return Probe

    def add_probes(app) -> None:  # type: ignore[no-untyped-def]
        for priority in (20, 899, 901):
            app.add_post_transform(probe(priority))

    app = build(make_app, basic, builder, prepare=add_probes)
    assert warnings_of(app) == []
    assert seen == {20: early, 899: early, 901: True}


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


def test_labels_numbers_and_section_numbers_work_on_deferred_content(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        "Prose\n=====\n\n.. sectnum::\n\n"
        "See :ref:`titan-card` and :numref:`top-table`.\n\n"
        ".. _titan-card:\n\n.. modelcard:: acme-titan\n   :no-index:\n\n"
        ".. _top-table:\n\n.. leaderboard::\n   :columns: name\n   :caption: Top models\n"
    )
    app = build(make_app, basic, confoverrides={"numfig": True})
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "prose.html").read_text()
    # A label in front of a card names the card's section; one in front of a captioned
    # leaderboard names its table, which numfig numbers.
    assert re.search(
        r'href="#titan-card"><span class="std std-ref">[\d.\s]*Acme Titan</span>', html
    )
    assert re.search(r'href="#top-table"><span class="std std-numref">Table 1</span>', html)
    assert '<span class="caption-number">Table 1 </span>' in html
    # Titles numbered while reading (docutils' sectnum) keep their numbers.
    assert re.search(r'<h2><span class="section-number">1\.1\.\s*</span>Overview', html) or (
        re.search(r'<span class="sectnum">1\.1', html)
    )


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
        seen.append((gc.get_threshold(), len(getattr(env, "_write_doc_doctree_cache", {}))))

    app = make_app("html", srcdir=srcdir, confoverrides=confoverrides)
    app.connect("env-updated", record, priority=990)  # after the extension's handler
    try:
        app.build()
        app.build()  # a second build of the same application tunes (and restores) again
    finally:
        app.cleanup()
    assert seen[0][0] == seen[1][0]
    return seen[0]


def test_gc_threshold_is_raised_for_the_build_and_restored(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    during, kept = _during_build(make_app, basic)
    assert during == (max(before[0], 50_000), max(before[1], 50), before[2])
    assert kept == 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen  # nothing frozen while the process runs


def test_gc_threshold_zero_leaves_the_collector_alone(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    during, kept = _during_build(make_app, basic, modelcards_gc_threshold=0)
    assert during == before
    assert kept > 0  # Sphinx's own cache, untouched
    assert gc.get_threshold() == before


def _freeze_counts_while_resolving(make_app, srcdir: Path, **settings: object):  # type: ignore[no-untyped-def]
    """The application, and ``gc.get_freeze_count()`` as each page was resolved."""
    seen: list[int] = []

    def record(app) -> None:  # type: ignore[no-untyped-def]
        app.connect("doctree-resolved", lambda *_: seen.append(gc.get_freeze_count()))

    return build(make_app, srcdir, prepare=record, **settings), seen


def test_objects_are_frozen_while_pages_are_written_in_parallel(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    frozen = gc.get_freeze_count()
    app, seen = _freeze_counts_while_resolving(make_app, basic, parallel=2)
    assert app.builder.parallel_ok
    # Resolved in the main process, with the environment frozen; unfrozen afterwards.
    assert seen and min(seen) > frozen + 10_000
    assert gc.get_freeze_count() == 0  # all collectable again (CPython freezes a few at start-up)


@pytest.mark.parametrize(
    "settings",
    [{}, {"parallel": 2, "confoverrides": {"modelcards_gc_threshold": 0}}],
    ids=["serial", "parallel-with-tuning-off"],
)
def test_nothing_is_frozen_otherwise(make_app, basic, settings) -> None:  # type: ignore[no-untyped-def]
    frozen = gc.get_freeze_count()
    _, seen = _freeze_counts_while_resolving(make_app, basic, **settings)
    assert seen and set(seen) == {frozen}


class _GCState(NamedTuple):
    pid: int
    in_main: bool  # pid is the test's own
    frozen: int
    young: int
    at: float  # time.monotonic(), the same clock in every process


def _gc_state_by_process(make_app, srcdir: Path, tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    """Build in parallel; return ``{event: [_GCState, ...]}`` as seen by every process
    that handled the event."""
    probes = ProcessProbes(tmp_path / "gc-probes")

    def record(app) -> None:  # type: ignore[no-untyped-def]
        def handler_for(event: str):  # type: ignore[no-untyped-def]
            def handler(*_: object) -> None:
                state = [gc.get_freeze_count(), gc.get_threshold()[0], time.monotonic()]
                probes.write(event, state)

            return handler

        for event in ("doctree-read", "env-merge-info", "html-page-context"):
            app.connect(event, handler_for(event), priority=999)

    build(make_app, srcdir, prepare=record, parallel=2, **settings)
    seen: dict[str, list[_GCState]] = {}
    for event, pid, (frozen, young, at) in probes.read():
        state = _GCState(pid, pid == os.getpid(), frozen, young, at)
        seen.setdefault(event, []).append(state)
    return seen


def test_parallel_workers_freeze_what_they_inherit(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    build_young = max(before[0], 50_000)
    seen = _gc_state_by_process(make_app, basic, tmp_path)
    # Every page was read, and most were written, by forked processes (the main one
    # writes the first page and Sphinx's own pages), each with the inherited objects
    # frozen and the build's young threshold.
    assert not any(state.in_main for state in seen["doctree-read"])
    written = [state.in_main for state in seen["html-page-context"]]
    assert written.count(False) > written.count(True)
    workers = [state for event in seen.values() for state in event if not state.in_main]
    assert all(state.frozen > 10_000 and state.young == build_young for state in workers)
    # The main process merged the readers' environments with a wide young generation...
    merges = seen["env-merge-info"]
    assert {(state.in_main, state.young) for state in merges} == {(True, MERGE_YOUNG)}
    # ...which a reader started after the first merge did not inherit...
    first_merge = min(state.at for state in merges)
    started: dict[int, float] = {}
    for state in seen["doctree-read"]:
        started[state.pid] = min(state.at, started.get(state.pid, state.at))
    assert any(at > first_merge for at in started.values())
    # ...and left behind when reading was over.
    in_main = [state for state in seen["html-page-context"] if state.in_main]
    assert in_main and all(state.young == build_young for state in in_main)
    assert gc.get_threshold() == before


def test_parallel_workers_are_left_alone_with_tuning_off(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen = _gc_state_by_process(
        make_app, basic, tmp_path, confoverrides={"modelcards_gc_threshold": 0}
    )
    states = [state for event in seen.values() for state in event]
    assert any(not state.in_main for state in states)
    assert {(state.frozen, state.young) for state in states} == {(frozen_before, before[0])}


EXIT_PROBE = """
import atexit, gc, sys
from sphinx.cmd.build import build_main
assert build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]]) == 0
before = gc.get_freeze_count()
atexit._run_exitfuncs()  # what the interpreter runs on exit, before its last collection
print(before, gc.get_freeze_count())
"""


def test_objects_are_frozen_only_when_the_process_exits(basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(basic), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    before, after = map(int, result.stdout.split())
    assert after > before + 10_000  # the whole build's objects, skipped by the last collection
