"""Python's garbage collector, tuned for the length of a build.

Docutils trees are full of reference cycles (every node points at its parent), so
the nodes of each written page are freed by the cyclic collector, not by
reference counting. With Python's default young-generation threshold (700
allocations) a page's nodes outlive the young collections while the page is being
written, reach the oldest generation, and are found there by full collections,
each of which walks every object of the build. The benchmark measured these full
collections at a third of a fresh build of a large catalog.

A higher threshold (``modelcards_gc_threshold``) collects a page's nodes while they
are still young. It is set when the builder starts and restored when the build
finishes, so a process that runs several builds (tests, sphinx-autobuild) gets its
own setting back.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

_saved: list[tuple[int, int, int]] = []


def raise_threshold(app: Sphinx) -> None:
    """``builder-inited``: raise the young-generation threshold for this build."""
    wanted = int(app.config.modelcards_gc_threshold or 0)
    first, second, third = gc.get_threshold()
    _saved.append((first, second, third))
    if wanted > first:
        gc.set_threshold(wanted, second, third)


def restore_threshold(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: put back the thresholds found at the start."""
    if _saved:
        gc.set_threshold(*_saved.pop())


def setup_gc_tuning(app: Sphinx) -> None:
    """Connect the two handlers."""
    app.connect("builder-inited", raise_threshold, priority=100)
    app.connect("build-finished", restore_threshold, priority=900)
