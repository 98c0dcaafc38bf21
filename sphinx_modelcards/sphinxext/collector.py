"""Python's garbage collector, paced for the length of a build, and put back after it.

Docutils trees are full of reference cycles (every node points at its parent), so the
nodes of every page are freed by the cyclic collector, not by reference counting. With
Python's default pace (a young collection every 700 allocations) a page's nodes are
still alive at several young collections while the page is read or written, so they
are moved to the oldest generation, and only full collections find them: each of those
walks every object of the build. At 700 models they took a third of a fresh build.

With a young generation of :data:`YOUNG` allocations (``modelcards_gc_threshold``),
a page's nodes die young. The thresholds are raised when the build starts
(``builder-inited``, or ``env-before-read-docs`` for a second build of the same
application) and the ones found then are put back at ``build-finished``, which Sphinx
emits whether the build succeeded or failed. Nothing else is touched: no freezing, no
hooks, and a process that never builds is never affected. ``modelcards_gc_threshold =
0`` leaves the collector alone.
"""

from __future__ import annotations

import gc
import weakref

from sphinx.application import Sphinx

#: The thresholds found when each running build started, by application.
_SAVED: weakref.WeakKeyDictionary[Sphinx, tuple[int, int, int]] = weakref.WeakKeyDictionary()


def pace_for_build(app: Sphinx, *_: object) -> None:
    """Start of a build: raise the young threshold (never lower it)."""
    wanted = int(app.config.modelcards_gc_threshold or 0)
    if wanted <= 0 or app in _SAVED:
        return
    first, second, third = gc.get_threshold()
    _SAVED[app] = (first, second, third)
    gc.set_threshold(max(first, wanted), second, third)


def restore_pace(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (after success or failure): the thresholds found at the start."""
    saved = _SAVED.pop(app, None)
    if saved is not None:
        gc.set_threshold(*saved)


def setup_collector(app: Sphinx) -> None:
    """Connect the handlers: first and last, so the whole build runs at one pace."""
    app.connect("builder-inited", pace_for_build, priority=100)
    app.connect("env-before-read-docs", pace_for_build, priority=100)
    app.connect("build-finished", restore_pace, priority=900)
