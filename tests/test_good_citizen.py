"""A good citizen in someone else's build: generated content is ordinary docutils nodes
that every transform and post-transform of every builder sees; nothing of the process
(garbage collector, fork or exit hooks) is changed; the data layer imports no Sphinx."""

from __future__ import annotations

import atexit
import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_modelcards.sphinxext.chart import chart
from sphinx_modelcards.sphinxext.modelcard import card_body

from conftest import REPO, warnings_of
from helpers import build, copy_root, html_tables

PROFILE = "catalog/models/acme-titan"


def _titles(node: nodes.Node) -> list[str]:
    return [title.astext() for title in node.findall(nodes.title)]


def test_a_card_is_read_as_its_outline(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    """By default a profile's doctree holds the card's frame (every title and anchor, so
    the table of contents is whole) and the charts; the body comes before post-transforms."""
    app = build(make_app, basic)
    assert warnings_of(app) == []
    cached = app.env.get_doctree(PROFILE)
    assert _titles(cached)[:3] == ["Acme Titan", "Overview", "Technical specifications"]
    sections = [s["ids"][0] for s in cached.findall(nodes.section)]
    assert "mc-model-acme-titan-benchmarks" in sections
    assert len(list(cached.findall(card_body))) == 1
    assert not list(cached.findall(nodes.table))  # the benchmark table comes later
    assert list(cached.findall(chart))  # charts are read with the page, drawn later
    toc = app.env.tocs[PROFILE].astext()
    assert "Performance benchmarks" in toc and "Related models" in toc
    # written in full: the body is in the page, once, in the card's order
    html = (app.outdir / f"{PROFILE}.html").read_text("utf8")
    assert html.count('id="mc-model-acme-titan-benchmarks"') == 1
    order = ["mc-identity", "mc-model-acme-titan-overview", "mc-model-acme-titan-charts"]
    assert [html.index(mark) for mark in order] == sorted(html.index(mark) for mark in order)


def test_with_deferral_off_the_read_doctree_holds_the_whole_card(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    off = {"modelcards_defer_card_bodies": False}
    app = build(make_app, basic, confoverrides=off)
    assert warnings_of(app) == []
    cached = app.env.get_doctree(PROFILE)
    # Tables, links and charts are plain nodes from the moment the page is read.
    assert _titles(cached)[:3] == ["Acme Titan", "Overview", "Technical specifications"]
    assert not list(cached.findall(card_body))
    assert list(cached.findall(nodes.table))
    assert list(cached.findall(addnodes.pending_xref))
    # charts link to model pages as the builder writing names them: drawn later
    assert list(cached.findall(chart))
    assert not any("<a " in raw.astext() for raw in cached.findall(nodes.raw))


@pytest.mark.parametrize("defer", [True, False])
def test_read_transforms_of_other_extensions_see_the_content(make_app, basic, defer) -> None:  # type: ignore[no-untyped-def]
    """Leaderboards always; a card's body when deferral is off (else its outline)."""
    seen: dict[str, tuple[int, list[str]]] = {}

    class CountTables(SphinxTransform):
        default_priority = 900  # after every transform of Sphinx and of the extension

        def apply(self, **kwargs: object) -> None:
            tables = len(list(self.document.findall(nodes.table)))
            seen[self.env.docname] = (tables, _titles(self.document))

    app = build(
        make_app,
        basic,
        prepare=lambda app: app.add_transform(CountTables),
        confoverrides={"modelcards_defer_card_bodies": defer},
    )
    assert warnings_of(app) == []
    tables, titles = seen[PROFILE]
    assert tables == (0 if defer else 1)  # the benchmark table
    assert "Performance benchmarks" in titles
    assert seen["catalog/labs/acme"][0] >= 1


def test_deferred_and_whole_cards_write_the_same_pages(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pages = {}
    for defer in (True, False):
        srcdir = copy_root(rootdir / "test-basic", tmp_path / f"defer-{defer}")
        app = build(make_app, srcdir, confoverrides={"modelcards_defer_card_bodies": defer})
        assert warnings_of(app) == []
        pages[defer] = {
            path.relative_to(app.outdir): path.read_bytes()
            for path in sorted(app.outdir.rglob("*.html"))
        }
    assert pages[True].keys() == pages[False].keys()
    differ = [str(path) for path in pages[True] if pages[True][path] != pages[False][path]]
    assert differ == []


@pytest.mark.parametrize("builder", ["html", "text", "latex"])
def test_every_post_transform_sees_the_content(make_app, basic, builder) -> None:  # type: ignore[no-untyped-def]
    """Before Sphinx's first post-transform (10) and after its last (400), on every
    builder: tables, resolved links, and on HTML builders the chart's SVG."""
    seen: dict[int, tuple[bool, bool, bool]] = {}

    def probe(priority: int) -> type[SphinxPostTransform]:
        class Probe(SphinxPostTransform):
            default_priority = priority

            def run(self, **kwargs: object) -> None:
                # the profile's page (latex: the document the profile is part of)
                if "Acme Titan" not in [t.astext() for t in self.document.findall(nodes.title)]:
                    return
                # a chart's SVG, linked to model pages (a lineage graph has no links)
                svg = any("<a " in r.astext() for r in self.document.findall(nodes.raw))
                links = bool(list(self.document.findall(nodes.reference)))
                tables = bool(list(self.document.findall(nodes.table)))
                seen.setdefault(priority, (tables, svg, links))

        return Probe

    def add_probes(app) -> None:  # type: ignore[no-untyped-def]
        for priority in (6, 500, 999):
            app.add_post_transform(probe(priority))

    app = build(make_app, basic, builder, prepare=add_probes)
    assert warnings_of(app) == []
    html = builder == "html"
    assert seen[6][:2] == (True, html)  # links are resolved at 10
    assert seen[500] == seen[999] == (True, html, True)


def test_a_real_extension_wraps_and_sees_the_content(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    """sphinx-design's containers hold a leaderboard and a chart; sphinx-copybutton's
    assets sit beside the extension's."""
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + 'extensions += ["sphinx_design", "sphinx_copybutton"]\n')
    (basic / "prose.rst").write_text(
        "Prose\n=====\n\n"
        ".. tab-set::\n\n"
        "   .. tab-item:: Table\n\n"
        "      .. leaderboard::\n         :columns: rank, name, alscore\n         :limit: 2\n\n"
        "   .. tab-item:: Chart\n\n"
        "      .. modelchart:: params-tokens\n\n"
        ".. dropdown:: The flagship\n\n   .. modelcard:: acme-titan\n      :no-index:\n"
    )
    app = build(make_app, basic)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "prose.html").read_text()
    assert "sd-tab-set" in html and "sd-dropdown" in html
    tables = html_tables(html)
    assert [row[1] for row in tables[0][1:3]] == ["Acme Titan", "Borealis 70B"]  # ranked
    assert html.count("<svg") >= 2  # the chart in its tab, the card's chart in the dropdown
    assert "copybutton.js" in html and "modelcards.js" in html


@pytest.mark.parametrize("buildername", ["singlehtml", "text", "latex"])
def test_other_builders_get_the_content(make_app, basic, buildername) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, buildername)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    text = "\n".join(p.read_text() for p in out.rglob("*") if p.suffix in {".html", ".txt", ".tex"})
    assert "Total models" in text and "Acme Titan" in text and "MMLU" in text
    assert "mc_plan" not in text and "mc-chart-fallback" not in text.replace("html", "")


def test_anchor_of_an_untitled_card(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        "Prose\n=====\n\nSee :mc:model:`acme-titan`.\n\n"
        ".. modelcard:: acme-titan\n   :no-title:\n   :no-index:\n"
    )
    app = build(make_app, basic)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "prose.html").read_text()
    assert len(re.findall(r'id="mc-model-acme-titan"', html)) == 1


def test_labels_numbers_and_section_numbers_work_on_generated_content(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        "Prose\n=====\n\n.. sectnum::\n\n"
        "See :ref:`titan-card` and :numref:`top-table`.\n\n"
        ".. _titan-card:\n\n.. modelcard:: acme-titan\n   :no-index:\n\n"
        ".. _top-table:\n\n.. leaderboard::\n   :columns: name\n   :caption: Top models\n"
    )
    app = build(make_app, basic, confoverrides={"numfig": True})
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "prose.html").read_text()
    assert re.search(
        r'href="#titan-card"><span class="std std-ref">[\d.\s]*Acme Titan</span>', html
    )
    assert re.search(r'href="#top-table"><span class="std std-numref">Table 1</span>', html)
    assert '<span class="caption-number">Table 1 </span>' in html
    # docutils' sectnum numbers the card's sections like any other
    # docutils' sectnum numbers the card (1.1) and its sections (1.1.1) like any other
    assert '<span class="sectnum">1.1.1 </span>Overview' in html


def test_charts_stay_out_of_the_search_index(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    html = (Path(app.outdir) / f"{PROFILE}.html").read_text()
    assert '<div class="no-search"><svg' in html
    lab = (Path(app.outdir) / "catalog/labs/acme.html").read_text()
    assert "logarithmic" in lab.lower()
    index = (Path(app.outdir) / "searchindex.js").read_text()
    assert '"logarithm"' not in index and '"020406080100mmlu"' not in index
    assert '"technic"' in index  # the card's text is indexed


# The process is left as it was -----------------------------------------------------------------


def _process_state() -> tuple[object, ...]:
    return (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled(), atexit._ncallbacks())


def test_a_build_leaves_the_process_as_it_was(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    """The collector's pace is raised for the build only; nothing is frozen or hooked."""
    during: list[tuple[int, int, int]] = []

    def record(app) -> None:  # type: ignore[no-untyped-def]
        app.connect("env-updated", lambda *_: during.append(gc.get_threshold()))

    import multiprocessing.util  # noqa: F401  # registers its own exit handler when imported

    gc.collect()
    before = _process_state()
    app = build(make_app, basic, prepare=record)
    build(make_app, basic, parallel=2)
    assert _process_state() == before
    assert during[0][0] == app.config.modelcards_gc_threshold > before[0][0]  # type: ignore[index]


def test_a_failed_build_puts_the_collector_back(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    def fail(*_: object) -> None:
        raise RuntimeError("another extension fails")

    before = _process_state()
    with pytest.raises(Exception, match="another extension fails"):
        build(make_app, basic, prepare=lambda app: app.connect("env-updated", fail))
    assert _process_state() == before


def test_gc_threshold_zero_leaves_the_collector_alone(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    during: list[tuple[int, int, int]] = []
    before = gc.get_threshold()
    build(
        make_app,
        basic,
        confoverrides={"modelcards_gc_threshold": 0},
        prepare=lambda app: app.connect(
            "env-updated", lambda *_: during.append(gc.get_threshold())
        ),
    )
    assert during == [before]


def test_importing_registers_nothing() -> None:
    """Importing the package (what Sphinx does first) loads no Sphinx module and
    installs no hook; the package has no code that could."""
    code = (
        "import sys, sphinx_modelcards, sphinx_modelcards.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx', 'docutils'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    hooks = re.compile(
        r"register_at_fork|atexit|gc\.(freeze|disable|unfreeze)|setrecursionlimit|_write_doc_doctree"
    )
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "sphinx_modelcards").rglob("*.py"))
        if path != DOCTREE_MEMORY  # the one private name, behind a version check (below)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if hooks.search(line)
    ]
    assert offenders == []


# Generated pages' doctrees leave Sphinx's in-memory cache -----------------------------------

DOCTREE_MEMORY = REPO / "sphinx_modelcards" / "sphinxext" / "doctree_memory.py"


def _cached_after_reading(make_app, srcdir: Path, **kwargs):  # type: ignore[no-untyped-def]
    """Docnames in Sphinx's doctree cache once every document is read, and the app."""
    seen: list[str] = []

    def probe(app) -> None:  # type: ignore[no-untyped-def]
        app.connect(
            "env-updated",
            lambda _app, env: seen.extend(env._write_doc_doctree_cache),
            priority=999,
        )

    app = build(make_app, srcdir, prepare=probe, **kwargs)
    return set(seen), app


def test_generated_doctrees_are_not_held_in_memory(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The generated pages' trees are released once pickled; the project's own pages
    stay in Sphinx's cache; the pages written are the same either way."""
    cached, app = _cached_after_reading(make_app, basic)
    generated = {d for d in app.env.found_docs if d.startswith("catalog/")}
    assert generated and not cached & generated
    assert "index" in cached
    first = (Path(app.outdir) / "catalog" / "index.html").read_text()

    kept, app = _cached_after_reading(
        make_app, basic, confoverrides={"modelcards_release_doctrees": False}, freshenv=True
    )
    assert generated <= kept
    assert (Path(app.outdir) / "catalog" / "index.html").read_text() == first


def test_the_doctree_cache_is_left_alone_on_unknown_sphinx(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Outside the Sphinx versions whose cache is known, nothing is touched."""
    import sphinx

    from sphinx_modelcards.sphinxext import doctree_memory

    class Env:
        _write_doc_doctree_cache: dict[str, object] = {"catalog/index": object()}

    env = Env()
    assert doctree_memory.sphinx_cache(env) is env._write_doc_doctree_cache  # type: ignore[arg-type]
    monkeypatch.setattr(sphinx, "version_info", (10, 0, 0, "final", 0))
    assert doctree_memory.sphinx_cache(env) is None  # type: ignore[arg-type]
    monkeypatch.setattr(sphinx, "version_info", (9, 0, 0, "final", 0))
    del Env._write_doc_doctree_cache
    assert doctree_memory.sphinx_cache(env) is None  # type: ignore[arg-type]


def test_layers_follow_the_contracts() -> None:
    """import-linter's contracts (pyproject.toml): the data layer, the importers and the
    command line import neither Sphinx nor docutils; the Sphinx layer sits on top."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("lint-imports is missing: install the test extra (import-linter)")
    out = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 2 kept, 0 broken." in out.stdout
