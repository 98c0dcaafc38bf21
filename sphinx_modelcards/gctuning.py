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

Finally, once a build has run, the process freezes every live object when it exits
(an :mod:`atexit` handler calling :func:`gc.freeze`): Python's last full collection
would otherwise walk and free the whole environment object by object, half of a
no-op rebuild of a 3,000-model catalog.
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

#: Young collections between two collections of the middle generation (Python: 10).
MIDDLE_EVERY = 50
#: Attribute of the application holding the thresholds to restore.
SAVED = "_modelcards_gc_saved"
#: Attribute of the application set while objects are frozen for a parallel write.
FROZEN = "_modelcards_gc_frozen"


def _wanted(app: Sphinx) -> int:
    return int(app.config.modelcards_gc_threshold or 0)


def raise_threshold(app: Sphinx, *_: object) -> None:
    """Start of a build: raise the young thresholds (never lower them)."""
    if _wanted(app) <= 0 or getattr(app, SAVED, None) is not None:
        return
    first, second, third = gc.get_threshold()
    setattr(app, SAVED, (first, second, third))
    gc.set_threshold(max(first, _wanted(app)), max(second, MIDDLE_EVERY), third)


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
    app.connect("env-updated", drop_read_doctrees, priority=900)
    app.connect("write-started", freeze_for_parallel_write, priority=900)
    app.connect("build-finished", restore_threshold, priority=900)
