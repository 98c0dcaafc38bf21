"""Content built while reading but kept out of the doctree until its page is written.

A catalog page is mostly generated content: cards, tables, charts. Sphinx runs
some sixty transforms over every node of a doctree while reading and resolving,
keeps every doctree in memory until the write phase, and Python's garbage
collector walks all of them again and again. None of that is needed for nodes
the extension built itself from validated data.

So directives wrap what they built with :func:`defer`: the nodes are pickled into
one ``bytes`` value held by a small :class:`deferred` placeholder, followed by a
*skeleton* of the sections they contain (ids and titles only), so that tables of
contents, page titles and section numbers are collected as usual. When the page
is written, :func:`expand_deferred` (``doctree-resolved``, before the
extension's other handlers) puts the real nodes back in place of the placeholder
and its skeleton, resolves their links to catalog objects and applies ``only``
nodes, the two post-transforms such content needs. Search indexing, writers and
later ``doctree-resolved`` handlers see the full content.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.nodes import process_only_nodes

#: ``doctree-resolved`` priority of :func:`expand_deferred`: before the default (500).
EXPAND_PRIORITY = 400


class deferred(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for pickled nodes; replaced before any writer sees the page."""


def defer(content: Sequence[nodes.Node], docname: str) -> list[nodes.Node]:
    """``content`` as a placeholder plus the skeleton of its top-level sections."""
    _detach(content)
    skeleton = [_skeleton(node) for node in content if isinstance(node, nodes.section)]
    holder = deferred(
        mc_docname=docname,
        mc_skeleton=len(skeleton),
        mc_content=pickle.dumps(list(content), pickle.HIGHEST_PROTOCOL),
    )
    return [holder, *skeleton]


def _detach(content: Sequence[nodes.Node]) -> None:
    """Drop references to a document so pickling takes only these nodes.

    Nodes built by the extension never get one; a tree that does (parsed text
    added later) is detached node by node.
    """
    for top in content:
        if top.document is not None:
            for node in top.findall():
                node.document = None  # type: ignore[assignment]


def _skeleton(section: nodes.section) -> nodes.section:
    """A section with the same attributes and title, and its subsections' skeletons."""
    copy = nodes.section(**section.attributes)
    for child in section.children:
        if isinstance(child, nodes.title):
            copy += child.deepcopy()
        elif isinstance(child, nodes.section):
            copy += _skeleton(child)
    return copy


def expand_deferred(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put every deferred content back in its page."""
    for holder in list(doctree.findall(deferred)):
        _expand(app, holder)


def _expand(app: Sphinx, holder: deferred) -> None:
    content: list[nodes.Node] = pickle.loads(holder["mc_content"])
    box = nodes.Element()
    box.extend(content)
    _resolve_references(app, box, str(holder["mc_docname"]))
    process_only_nodes(box, app.builder.tags)
    content = list(box.children)
    first = next((node for node in content if isinstance(node, nodes.Element)), None)
    if first is not None:  # ids that transforms moved onto the placeholder (targets)
        first["ids"] = [*holder["ids"], *first["ids"]]
        first["names"] = [*holder["names"], *first["names"]]
    parent = holder.parent
    assert parent is not None
    start = parent.index(holder)
    del parent[start : start + 1 + int(holder["mc_skeleton"])]
    parent[start:start] = content


def _resolve_references(app: Sphinx, box: nodes.Element, fromdocname: str) -> None:
    """Links to catalog objects, as Sphinx's reference resolver would make them."""
    domain = app.env.get_domain("mc")
    for node in list(box.findall(addnodes.pending_xref)):
        contnode = node[0].deepcopy()
        assert isinstance(contnode, nodes.Element)
        resolved: nodes.Node | None = None
        try:
            resolved = domain.resolve_xref(
                app.env,
                fromdocname,
                app.builder,
                str(node["reftype"]),
                str(node["reftarget"]),
                node,
                contnode,
            )
        except NoUri:
            resolved = None
        node.replace_self(resolved or contnode)


def skip_node(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Visitor for a placeholder that was not expanded (a builder without
    ``doctree-resolved``): write nothing."""
    raise nodes.SkipNode


def setup_deferred(app: Sphinx) -> None:
    """Register the placeholder and the handler that expands it."""
    visitors = (skip_node, None)
    app.add_node(
        deferred, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
    )
    app.connect("doctree-resolved", expand_deferred, priority=EXPAND_PRIORITY)
