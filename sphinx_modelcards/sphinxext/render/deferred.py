"""Content built while reading but kept out of the doctree until its page is written.

A catalog page is mostly generated content: cards, tables, charts. Sphinx runs
dozens of transforms over every node of a doctree while reading it, keeps every
doctree in memory until the write phase, and Python's garbage collector walks all
of them again and again. None of that is needed for nodes the extension built
itself from validated data.

So directives wrap what they built with :func:`defer`. Each top-level section or
captioned table is replaced by a *shell*: the same node with its attributes and
title only (subsections as shells too), so that page titles, tables of contents,
section and table numbers and labels in front of a card work as for any page. Every
other node is pickled into one ``bytes`` value held by a small :class:`deferred`
placeholder.

Before any other post-transform (so before references are resolved, ``only``
nodes are decided and linkcheck collects links), :class:`ExpandDeferred` pours the
pickled nodes back into their shells: the shells keep whatever reading did to them
(numbered or translated titles, ids of labels), the content fills in the rest.

HTML builders get the content later, from :class:`ExpandDeferredForHTML`: after
Sphinx's own post-transforms, which walk every node of a page (the highlighting
visitor alone costs a few per cent of a large catalog's build) and have nothing to
do with generated content, except resolving its references and deciding its
``only`` nodes. Those two transforms are then applied again, so they see the
content exactly as in the early path.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import (
    OnlyNodeTransform,
    ReferencesResolver,
    SphinxPostTransform,
)

#: Post-transform priority of the expansion: before Sphinx's reference resolver (10).
EXPAND_PRIORITY = 5
#: Priority of the HTML expansion: after Sphinx's post-transforms (up to 400) and
#: before ``doctree-resolved``.
EXPAND_PRIORITY_HTML = 900


class deferred(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for pickled nodes; replaced before any writer sees the page."""


def defer(content: Sequence[nodes.Node], docname: str) -> list[nodes.Node]:
    """``content`` as shells of its sections and captioned tables, plus a placeholder.

    The placeholder goes inside the first shell when the content starts with one
    (a label before a card then names the card's section, as without deferral),
    otherwise in front.
    """
    _detach(content)
    shells = [shell for node in content if (shell := _shell(node)) is not None]
    holder = deferred(
        mc_docname=docname,
        mc_shells=len(shells),
        mc_content=pickle.dumps(list(content), pickle.HIGHEST_PROTOCOL),
    )
    if shells and _has_shell(content[0]):
        holder["mc_inside"] = True
        shells[0].insert(_after_title(shells[0]), holder)
        return list(shells)
    return [holder, *shells]


def _detach(content: Sequence[nodes.Node]) -> None:
    """Drop references to a document so pickling takes only these nodes.

    Nodes built by the extension never get one; should a subtree carry one (parsed
    text added to a card), it is detached node by node.
    """
    for top in content:
        for node in top.findall():
            # docutils >= 0.22 keeps it as ``_document`` behind a property, older as ``document``.
            if node.__dict__.get("_document", node.__dict__.get("document")) is not None:
                node.document = None  # type: ignore[assignment]


def _has_shell(node: nodes.Node) -> bool:
    if isinstance(node, nodes.section):
        return True
    return isinstance(node, nodes.table) and any(
        isinstance(child, nodes.title) for child in node.children
    )


def _shell(node: nodes.Node) -> nodes.Element | None:
    """The node's class, attributes and title, with its subsections' shells."""
    if not _has_shell(node):
        return None
    assert isinstance(node, nodes.Element)
    shell = node.__class__(**node.attributes)
    for child in node.children:
        if isinstance(child, nodes.title):
            shell += child.deepcopy()
        elif (sub := _shell(child)) is not None:
            shell += sub
    return shell


def _after_title(shell: nodes.Element) -> int:
    return 1 if shell.children and isinstance(shell[0], nodes.title) else 0


class ExpandDeferred(SphinxPostTransform):
    """Put every deferred content back in its page, before any other post-transform
    (every builder but HTML ones)."""

    default_priority = EXPAND_PRIORITY

    def is_supported(self) -> bool:
        """Every builder the HTML expansion does not serve."""
        return not ExpandDeferredForHTML(self.document).is_supported()

    def run(self, **kwargs: Any) -> None:
        """Expand the placeholders of this doctree."""
        expand_all(self.document)


class ExpandDeferredForHTML(SphinxPostTransform):
    """HTML builders: put the content back after Sphinx's post-transforms, then
    resolve its references and ``only`` nodes with the transforms Sphinx uses."""

    default_priority = EXPAND_PRIORITY_HTML
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Expand the placeholders, then resolve what the content brought."""
        if expand_all(self.document):
            for transform in (ReferencesResolver, OnlyNodeTransform):
                transform(self.document).apply()


def expand_all(document: nodes.document) -> int:
    """Expand every placeholder of ``document``; return how many there were."""
    holders = list(document.findall(deferred))
    for holder in holders:
        expand(holder)
    return len(holders)


def expand(holder: deferred) -> None:
    """Replace ``holder`` and its shells by the content they stand for."""
    content: list[nodes.Node] = pickle.loads(holder["mc_content"])
    docname = str(holder["mc_docname"])
    for top in content:
        for xref in top.findall(addnodes.pending_xref):
            xref.setdefault("refdoc", docname)
    inside, count = bool(holder.get("mc_inside")), int(holder["mc_shells"])
    container, start = _take_out(holder, inside)
    shells = iter(container[start : start + count])
    result = [_fill(next(shells), node) if _has_shell(node) else node for node in content]
    if not inside and result and isinstance(result[0], nodes.Element):
        # Ids that reading moved onto the placeholder (a label in front of it).
        result[0]["ids"][:0] = holder["ids"]
        result[0]["names"][:0] = holder["names"]
    container[start : start + count] = result


def _take_out(holder: deferred, inside: bool) -> tuple[nodes.Element, int]:
    """Remove the placeholder; return the node holding its shells and where they start."""
    parent = holder.parent
    assert parent is not None
    if inside:
        container = parent.parent
        assert container is not None
        start = container.index(parent)
    else:
        container, start = parent, parent.index(holder)
    parent.remove(holder)
    return container, start


def _fill(shell: nodes.Node, node: nodes.Node) -> nodes.Node:
    """``shell`` with ``node``'s children; shells of titles and subsections win."""
    assert isinstance(shell, nodes.Element) and isinstance(node, nodes.Element)
    for name in ("ids", "names"):  # the content's own first, then any added while reading
        shell[name] = [*node[name], *(v for v in shell[name] if v not in node[name])]
    kept = iter(child for child in shell.children if not isinstance(child, nodes.title))
    title = next((c for c in shell.children if isinstance(c, nodes.title)), None)
    children: list[nodes.Node] = []
    for child in node.children:
        if isinstance(child, nodes.title) and title is not None:
            children.append(title)
        elif _has_shell(child):
            children.append(_fill(next(kept), child))
        else:
            children.append(child)
    shell.children = []
    shell.extend(children)
    return shell


def skip_node(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Visitor for a placeholder that was not expanded: write nothing."""
    raise nodes.SkipNode


def setup_deferred(app: Sphinx) -> None:
    """Register the placeholder and the post-transform that expands it."""
    visitors = (skip_node, None)
    app.add_node(
        deferred, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
    )
    app.add_post_transform(ExpandDeferred)
    app.add_post_transform(ExpandDeferredForHTML)
