"""Python's garbage collector, tuned for the length of a build.

Docutils trees are full of reference cycles (every node points at its parent), so
the nodes of each written page are freed by the cyclic collector, not by
reference counting. With Python's default young-generation threshold (700
allocations) a page's nodes outlive the young collections while the page is being
written, reach the oldest generation, and are found there by full collections,
each of which walks every object of the build. The benchmark measured these full
collections at a third of a fresh build of a large catalog.

A higher threshold (``modelcards_gc_threshold``), and a middle generation collected
every :data:`MIDDLE_EVERY` young collections, free a page's nodes while they are
still young. It is set when the builder starts and restored when the build
finishes, so a process that runs several builds (tests, sphinx-autobuild) gets its
own setting back.

For the same reason the doctrees Sphinx keeps in memory between reading and writing
are dropped once reading is over: they are old by then, and a page's fresh nodes
attached to an old doctree stay alive until a full collection. Each page is
unpickled from the doctree cache on disk instead (small, since generated content
is one pickled value, see :mod:`.render.deferred`), and peak memory falls too.

Finally, when the build finishes, every object alive is *frozen* (:func:`gc.freeze`):
``sphinx-build`` is about to exit, and Python's last full collection would otherwise
walk and free the whole environment object by object (half of a no-op rebuild of a
3,000-model catalog). A process that builds again gets them back at the next
``builder-inited`` (:func:`gc.unfreeze`, which thaws whatever is frozen), so
nothing is kept for good.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_saved: list[tuple[int, int, int]] = []


#: Young collections between two collections of the middle generation (Python: 10).
MIDDLE_EVERY = 50


def raise_threshold(app: Sphinx) -> None:
    """``builder-inited``: raise the young thresholds for this build (never lower them)."""
    wanted = int(app.config.modelcards_gc_threshold or 0)
    first, second, third = gc.get_threshold()
    _saved.append((first, second, third))
    if wanted > 0:
        gc.set_threshold(max(first, wanted), max(second, MIDDLE_EVERY), third)
        if gc.get_freeze_count():  # left frozen by an earlier build in this process
            gc.unfreeze()


def restore_threshold(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: put back the thresholds found at the start; freeze what
    is alive so that exiting does not free it object by object."""
    if _saved:
        gc.set_threshold(*_saved.pop())
    if app.config.modelcards_gc_threshold:
        gc.freeze()


def drop_read_doctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: forget the doctrees kept from reading (Sphinx re-reads its
    pickles when one is missing)."""
    if not app.config.modelcards_gc_threshold:
        return
    kept = getattr(env, "_write_doc_doctree_cache", None)  # private; absent in some versions
    if isinstance(kept, dict):
        kept.clear()


def setup_gc_tuning(app: Sphinx) -> None:
    """Connect the handlers."""
    app.connect("builder-inited", raise_threshold, priority=100)
    app.connect("env-updated", drop_read_doctrees, priority=900)
    app.connect("build-finished", restore_threshold, priority=900)
