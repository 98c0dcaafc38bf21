"""Parallel reading: what Sphinx's forked readers start from.

With ``-j``, Sphinx reads documents in batches, each in a process forked from the
main one; when a batch is read, the reader pickles its *whole* environment and the
main process unpickles it to merge the batch's documents. A reader forked late
inherits everything merged before it, so each batch sends back, again, the tables
of contents and titles of every document read so far. At 3,000 models that was up
to 13.7 MB per batch, 72 % of it tables of contents (nine sections per profile
page): pickling and unpickling it took some 13 s of processor time, half as much as
the reading itself.

Which documents a reader inherits depends on which batches happened to be merged
before it was forked, so nothing read in parallel can rely on them. Each forked
reader therefore starts with the per-document tables that Sphinx's title and table
of contents collectors keep (:data:`TRIMMED`) holding only the documents that are
not being read in this build, exactly as the main process held them when reading
started. The main process merges from a reader only the documents of its batch, so
the environment it ends with is unchanged; the pages are identical.

At 3,000 models, in four pairs of ``-j 2`` builds run one after the other, whole
builds took 48.8-52.3 s instead of 56.7-66.1 s (reading: 14-17 s instead of 22 s), and
the main process's peak memory fell by a third. ``modelcards_lean_parallel_reads =
False`` turns it off, for an extension that reads other documents' titles while
reading.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Set
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import parallel_available

#: Per-document tables of the environment (title and toctree collectors) that a
#: forked reader starts without, for the documents read in this build.
TRIMMED = ("tocs", "toc_num_entries", "titles", "longtitles")

#: The list of documents each build reading in parallel is reading, by application
#: (Sphinx's own list, so documents added after :func:`note_reading` count too).
#: Weak, so the entry of a build interrupted while reading goes with its application.
_READING: weakref.WeakKeyDictionary[Sphinx, list[str]] = weakref.WeakKeyDictionary()

#: In a forked reader, the tables it was forked with: kept alive, so that replacing
#: them frees nothing (freeing would touch, and so copy, every inherited page).
_INHERITED: list[dict[str, Any]] = []


def trim_for_reader(env: BuildEnvironment, reading: Set[str]) -> None:
    """Replace ``env``'s per-document tables by copies without the ``reading`` ones."""
    for name in TRIMMED:
        table = getattr(env, name, None)
        if not isinstance(table, dict):
            continue  # a Sphinx without this table: nothing to trim
        _INHERITED.append(table)
        setattr(env, name, {doc: value for doc, value in table.items() if doc not in reading})


def _start_forked_process() -> None:
    """In a process forked while a build reads in parallel (one of Sphinx's readers):
    start from a lean environment. Once only: a process it forks keeps what it read."""
    for app, reading in list(_READING.items()):
        trim_for_reader(app.env, frozenset(reading))
    _READING.clear()


if hasattr(os, "register_at_fork"):  # POSIX; Sphinx only forks there
    os.register_at_fork(after_in_child=_start_forked_process)


def reads_in_parallel(app: Sphinx) -> bool:
    """Whether Sphinx will read this build's documents in forked processes (its own
    test, without the warnings it logs for extensions that do not declare safety)."""
    return (
        parallel_available
        and app.parallel > 1
        and all(getattr(ext, "parallel_read_safe", None) for ext in app.extensions.values())
    )


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember what a parallel read is about to read."""
    if app.config.modelcards_lean_parallel_reads and reads_in_parallel(app):
        _READING[app] = docnames


def end_reading(app: Sphinx, *_: object) -> None:
    """``env-updated`` (processes forked from now on are writers) and
    ``build-finished`` (a build that stopped while reading)."""
    _READING.pop(app, None)


def setup_parallel(app: Sphinx) -> None:
    """Connect the handlers."""
    app.connect("env-before-read-docs", note_reading)
    app.connect("env-updated", end_reading, priority=100)
    app.connect("build-finished", end_reading)
