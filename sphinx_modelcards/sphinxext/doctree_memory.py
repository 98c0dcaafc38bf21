"""Generated pages' doctrees leave memory once Sphinx has pickled them.

While reading, Sphinx keeps every doctree it pickles in an in-memory cache until the
write phase, to save reading it back from disk. For a catalog of thousands of
generated pages that holds every page's tree in memory at once: at 3,000 models
that is most of the build's peak memory. With ``modelcards_release_doctrees`` (on by
default) the doctrees of pages the extension generated are dropped from that cache
when the next document starts reading (and at ``env-updated`` for the last one);
Sphinx then reads them back from disk when it writes them, as it does in every
incremental or parallel build. The content is the same either way; only generated
pages are released, never the project's own.

The cache is private to Sphinx: ``env._write_doc_doctree_cache``, filled by
``sphinx.builders.Builder.write_doctree`` and emptied by
``sphinx.environment.BuildEnvironment.get_and_resolve_doctree``, which falls back to
``BuildEnvironment.get_doctree`` (the pickle) for a missing entry. It is touched only
on the Sphinx versions in :data:`KNOWN_SPHINX` and only when it is a ``dict``;
elsewhere nothing is done.
"""

from __future__ import annotations

import weakref

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import get_domain

#: Sphinx versions (major, minor) whose doctree cache works as described above:
#: from 7.3, which added it, up to the newest release checked (9.x).
KNOWN_SPHINX = ((7, 3), (10, 0))
CACHE_ATTRIBUTE = "_write_doc_doctree_cache"

#: Generated documents read since the last release, by application.
_PENDING: weakref.WeakKeyDictionary[Sphinx, list[str]] = weakref.WeakKeyDictionary()


def sphinx_cache(env: BuildEnvironment) -> dict[str, nodes.document] | None:
    """Sphinx's in-memory doctree cache, on the versions known to have it; else None."""
    low, high = KNOWN_SPHINX
    if not low <= sphinx.version_info[:2] < high:
        return None
    cache = getattr(env, CACHE_ATTRIBUTE, None)
    return cache if isinstance(cache, dict) else None


def note_generated_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember a generated page, to release it once it is pickled."""
    docname = app.env.docname
    if app.config.modelcards_release_doctrees and docname in get_domain(app.env).generated_docs:
        _PENDING.setdefault(app, []).append(docname)


def release_pending(app: Sphinx, *_: object) -> None:
    """``source-read`` and ``env-updated``: drop the pickled generated pages from memory."""
    pending = _PENDING.pop(app, None)
    if not pending:
        return
    cache = sphinx_cache(app.env)
    if cache is None:
        return
    for docname in pending:
        cache.pop(docname, None)


def setup_doctree_memory(app: Sphinx) -> None:
    """Connect the handlers."""
    app.connect("doctree-read", note_generated_doctree, priority=900)
    app.connect("source-read", release_pending)
    app.connect("env-updated", release_pending)
