"""Parallel reading: forked readers start without the tables of contents and titles
of the documents read in the same build, and the build ends with the same
environment as a serial one."""

from __future__ import annotations

import os
import types
from pathlib import Path
from typing import NamedTuple

from sphinx.extension import Extension

from sphinx_modelcards.sphinxext import parallel
from sphinx_modelcards.sphinxext.parallel import TRIMMED

from conftest import copy_root
from helpers import ProcessProbes, build


class _Seen(NamedTuple):
    pid: int
    event: str  # source-read (a reader, before reading) or html-page-context (a writer)
    docname: str
    tocs: frozenset[str]  # documents with a table of contents in the process's environment
    titles: frozenset[str]


def _read_in_parallel(make_app, srcdir: Path, probes: Path, prepare=None, **settings: object):  # type: ignore[no-untyped-def]
    """Build with ``-j 2``; return the application and, for every document read (and
    written), what its process's environment held just before reading (writing) it."""
    records = ProcessProbes(probes)

    def record(app) -> None:  # type: ignore[no-untyped-def]
        if prepare is not None:
            prepare(app)

        def probe(event: str, docname: str) -> None:
            records.write(event, [docname, sorted(app.env.tocs), sorted(app.env.titles)])

        app.connect("source-read", lambda _app, docname, _source: probe("source-read", docname))
        app.connect(
            "html-page-context",
            lambda _app, pagename, *_: probe("html-page-context", pagename),
        )

    app = build(make_app, srcdir, prepare=record, parallel=2, **settings)
    seen = [
        _Seen(pid, event, docname, frozenset(tocs), frozenset(titles))
        for event, pid, (docname, tocs, titles) in records.read()
    ]
    readers = [item for item in seen if item.event == "source-read"]
    writers = [item for item in seen if item.event == "html-page-context"]
    return app, readers, writers


def _inherited(seen: list[_Seen], read: set[str]) -> set[str]:
    """Documents of this build's reading whose table of contents or title a reader
    had without having read them itself."""
    by_reader: dict[int, set[str]] = {}
    for item in seen:
        by_reader.setdefault(item.pid, set()).add(item.docname)
    return {
        doc
        for item in seen
        for doc in (item.tocs | item.titles) & read
        if doc not in by_reader[item.pid]
    }


def _forked_after_a_merge(seen: list[_Seen]) -> bool:
    readers = {item.pid for item in seen}
    return os.getpid() not in readers and len(readers) >= 3  # Sphinx runs two at a time


def _readers_keep_what_they_read(seen: list[_Seen]) -> bool:
    """Each reader, at each document, has the documents it read before."""
    read_so_far: dict[int, set[str]] = {}
    for item in seen:  # in the order each process wrote them
        earlier = read_so_far.setdefault(item.pid, set())
        if not (earlier <= item.tocs and earlier <= item.titles):
            return False
        earlier.add(item.docname)
    return True


def _writers_have_everything(app, writers: list[_Seen]) -> bool:  # type: ignore[no-untyped-def]
    forked = [item for item in writers if item.pid != os.getpid()]
    every = set(app.env.found_docs)
    return bool(forked) and all(item.tocs == every == item.titles for item in forked)


def test_readers_start_without_what_other_readers_read(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app, readers, writers = _read_in_parallel(make_app, basic, tmp_path / "probes")
    assert _forked_after_a_merge(readers)
    assert _inherited(readers, set(app.read_docs)) == set()
    assert _readers_keep_what_they_read(readers)
    # Writers are forked after reading: they see every document, as Sphinx made them.
    assert _writers_have_everything(app, writers)


def test_readers_inherit_everything_when_turned_off(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app, readers, writers = _read_in_parallel(
        make_app,
        basic,
        tmp_path / "probes",
        confoverrides={"modelcards_lean_parallel_reads": False},
    )
    assert _forked_after_a_merge(readers)
    assert _inherited(readers, set(app.read_docs))  # Sphinx's own behaviour
    assert _writers_have_everything(app, writers)


def test_readers_keep_documents_not_read_again(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    hand_written = {"index", "prose", "myst"}

    def reread_generated(app) -> None:  # type: ignore[no-untyped-def]
        app.connect(
            "env-get-outdated",
            lambda _app, env, *_: sorted(set(env.found_docs) - hand_written),
        )

    probes = tmp_path / "probes"
    app, readers, _ = _read_in_parallel(make_app, basic, probes, prepare=reread_generated)
    assert set(app.env.found_docs) - set(app.read_docs) == hand_written
    assert _forked_after_a_merge(readers)
    assert all(hand_written <= item.tocs and hand_written <= item.titles for item in readers)
    assert _inherited(readers, set(app.read_docs)) == set()


def test_nothing_is_armed_when_reading_falls_back_to_serial(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    armed: list[bool] = []

    def add_unsafe_extension(app) -> None:  # type: ignore[no-untyped-def]
        # An extension that is not safe for parallel reading makes Sphinx read serially.
        module = types.ModuleType("unsafe_for_reading")
        app.extensions[module.__name__] = Extension(
            module.__name__, module, parallel_read_safe=False
        )
        app.connect("source-read", lambda app, *_: armed.append(app in parallel._READING))

    _, readers, _ = _read_in_parallel(
        make_app, basic, tmp_path / "probes", prepare=add_unsafe_extension
    )
    assert {item.pid for item in readers} == {os.getpid()}  # read in the main process
    assert armed and not any(armed)


def _environment(app) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The trimmed tables of a finished build, as comparable text."""
    return {
        name: {doc: str(value) for doc, value in getattr(app.env, name).items()} for name in TRIMMED
    }


def test_parallel_build_ends_with_the_serial_environment(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    serial = build(make_app, copy_root(rootdir / "test-basic", tmp_path / "serial"))
    parallel, readers, _ = _read_in_parallel(
        make_app, copy_root(rootdir / "test-basic", tmp_path / "parallel"), tmp_path / "probes"
    )
    assert _forked_after_a_merge(readers)
    assert _environment(parallel) == _environment(serial)
    assert len(serial.env.tocs) == len(serial.env.found_docs)
