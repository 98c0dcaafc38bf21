"""Python's garbage collector, tuned for the length of a build.

Docutils trees are full of reference cycles (every node points at its parent), so
the nodes of each written page are freed by the cyclic collector, not by
reference counting. With Python's default thresholds a page's nodes outlive the
young collections while the page is being written, reach the oldest generation,
and are found there by full collections, each of which walks every object of the
build. The benchmark measured these full collections at a third of a fresh build
of a large catalog.

A higher young threshold (``modelcards_gc_threshold``), and a middle generation
collected every :data:`MIDDLE_EVERY` young collections, free a page's nodes while
they are still young. Both are raised at the start of each build and restored when
it finishes, per application, so a process that runs several builds (tests,
language servers) gets its own settings back.

For the same reason the doctrees Sphinx keeps in memory between reading and writing
are dropped once reading is over: they are old by then, and a page's fresh nodes
attached to an old doctree stay alive until a full collection. Each page is
unpickled from the doctree cache on disk instead (small, since generated content
is one pickled value, see :mod:`.render.deferred`), and peak memory falls too.

A parallel build (``-j``) writes pages from short-lived processes forked from the
main one, which meanwhile loads and resolves every page. There the thresholds are
not enough: the main process holds the whole environment, merged from its readers,
and every full collection walks it. So when the writing is parallel, every object
alive at its start is frozen (:func:`gc.freeze`: moved where no collection looks)
and everything is unfrozen when the build finishes. At 3,000 models this cut the
main process's time in the collector from 26 s to 14 s, and ``-j 2`` from 97 s to
about 70 s.

The processes a parallel build forks (Sphinx's readers and writers) freeze, as
they start, everything they inherit (:func:`os.register_at_fork`): their
collections then walk only what they make themselves, instead of the whole
environment of the main process, page by page copied on write. At 3,000 models
the readers' collections fell from 17 s to 5 s of processor time.

While reading in parallel, the main process merges what each reader sends back: a
whole environment, alive while it is merged and garbage right after. With a young
generation of 50,000 objects it was walked several times while alive, promoted, and
freed by middle-generation collections, each walking millions of objects. From the
first merge (``env-merge-info``) to the end of reading, the main process's young
generation holds :data:`MERGE_YOUNG` objects, about one such environment, so each is
freed where it was made. At 3,000 models the main process's collections while
merging fell from 7 s to 4 s; reading with ``-j 2`` took 22.3 s instead of 24.5 s,
the whole build 53.9 s instead of 57.0 s (medians of three interleaved builds).

Finally, once a build has run, the process freezes every live object when it exits
(an :mod:`atexit` handler calling :func:`gc.freeze`): Python's last full collection
would otherwise walk and free the whole environment object by object, half of a
no-op rebuild of a 3,000-model catalog.
"""

from __future__ import annotations

import atexit
import gc
import os
import weakref

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

#: Young collections between two collections of the middle generation (Python: 10).
MIDDLE_EVERY = 50
#: Attribute of the application holding the thresholds to restore.
SAVED = "_modelcards_gc_saved"
#: Attribute of the application set while objects are frozen for a parallel write.
FROZEN = "_modelcards_gc_frozen"
#: Young threshold of the main process while it merges what parallel readers send.
MERGE_YOUNG = 1_000_000

#: Thresholds of the parallel builds running in this process, by application: the
#: processes they fork collect with these. Weak, so an application that never finished
#: its build (interrupted) stops counting once it is gone.
_PARALLEL_BUILDS: weakref.WeakKeyDictionary[Sphinx, tuple[int, int, int]] = (
    weakref.WeakKeyDictionary()
)


def _start_forked_worker() -> None:
    """In a process forked during a parallel build: freeze every inherited object and
    collect with the build's thresholds (not the main process's, merging)."""
    if _PARALLEL_BUILDS:
        gc.freeze()
        gc.set_threshold(*next(iter(_PARALLEL_BUILDS.values())))


if hasattr(os, "register_at_fork"):  # POSIX; Sphinx only forks there
    os.register_at_fork(after_in_child=_start_forked_worker)


def _wanted(app: Sphinx) -> int:
    return int(app.config.modelcards_gc_threshold or 0)


def raise_threshold(app: Sphinx, *_: object) -> None:
    """Start of a build: raise the young thresholds (never lower them)."""
    if _wanted(app) <= 0 or getattr(app, SAVED, None) is not None:
        return
    first, second, third = gc.get_threshold()
    setattr(app, SAVED, (first, second, third))
    gc.set_threshold(max(first, _wanted(app)), max(second, MIDDLE_EVERY), third)
    if app.parallel > 1:
        _PARALLEL_BUILDS[app] = gc.get_threshold()


def widen_young_for_merging(app: Sphinx, *_: object) -> None:
    """``env-merge-info`` (the main process of a parallel read): make the young
    generation as large as an environment a reader sends back."""
    build_threshold = _PARALLEL_BUILDS.get(app)
    if build_threshold is not None:
        first, second, third = build_threshold
        gc.set_threshold(max(first, MERGE_YOUNG), second, third)


def end_merging(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: reading is over; back to the build's thresholds."""
    build_threshold = _PARALLEL_BUILDS.get(app)
    if build_threshold is not None:
        gc.set_threshold(*build_threshold)


def freeze_for_parallel_write(app: Sphinx, builder: Builder) -> None:
    """``write-started``: freeze what reading left alive when pages are written by
    several processes."""
    if _wanted(app) <= 0 or not builder.parallel_ok or getattr(app, FROZEN, False):
        return
    gc.freeze()
    setattr(app, FROZEN, True)


def restore_threshold(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: put back the thresholds found at the start of the build,
    and unfreeze what a parallel write froze."""
    if getattr(app, FROZEN, False):
        gc.unfreeze()
        setattr(app, FROZEN, False)
    _PARALLEL_BUILDS.pop(app, None)
    saved = getattr(app, SAVED, None)
    if saved is not None:
        gc.set_threshold(*saved)
        setattr(app, SAVED, None)
        atexit.register(gc.freeze)  # once per build; freezing twice is harmless


def drop_read_doctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: forget the doctrees kept from reading (Sphinx re-reads its
    pickles when one is missing)."""
    if _wanted(app) <= 0:
        return
    kept = getattr(env, "_write_doc_doctree_cache", None)  # private; absent in some versions
    if isinstance(kept, dict):
        kept.clear()


def setup_gc_tuning(app: Sphinx) -> None:
    """Connect the handlers: every build starts at ``builder-inited`` (the catalog is
    loaded there) or, for a second build of the same application, at
    ``env-before-read-docs``."""
    app.connect("builder-inited", raise_threshold, priority=100)
    app.connect("env-before-read-docs", raise_threshold, priority=100)
    app.connect("env-merge-info", widen_young_for_merging, priority=900)
    app.connect("env-updated", end_merging, priority=100)
    app.connect("env-updated", drop_read_doctrees, priority=900)
    app.connect("write-started", freeze_for_parallel_write, priority=900)
    app.connect("build-finished", restore_threshold, priority=900)
