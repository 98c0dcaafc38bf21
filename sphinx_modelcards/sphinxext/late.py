"""Content built from the catalog when a page is written, not kept in its doctree.

A profile page is mostly a card: tables, field lists and links made from one model.
Kept in the doctree, those nodes are walked by every transform while the page is read,
pickled into the environment's cache, and held in memory with every other page's
until writing starts: at 3,000 models that was most of a build's memory.

So a directive hands what it built to :func:`later` with the name of a *filler* and
the filler's arguments as plain data (a model id, options). What stays in the doctree
is a *shell* of each section and captioned table (the node with its ids, classes and
title, so page titles, tables of contents, ``sectnum``, ``numfig`` and labels work as
on any page) and a small :class:`pending_content` node holding the filler's name and
arguments. :class:`FillPendingContent`, a post-transform at priority 5 (before Sphinx's
reference resolver at 10, on every builder), builds the content again from the catalog
with the registered filler and pours it into the shells. Every other post-transform,
and every writer, sees ordinary nodes; nothing is pickled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import ModelcardsDomain, get_domain

#: Post-transform priority: before Sphinx's reference resolver (10).
FILL_PRIORITY = 5

#: Builds content again from the domain's catalog and settings and a filler's arguments.
Filler = Callable[[ModelcardsDomain, Mapping[str, Any]], Sequence[nodes.Node]]

_FILLERS: dict[str, Filler] = {}


class pending_content(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where content goes: ``mc_fill`` (a filler's name), ``mc_args`` (its arguments),
    ``mc_shells`` (how many shells follow), ``mc_inside`` (inside the first shell)."""


def register_filler(name: str, filler: Filler) -> None:
    """Make ``filler`` available to :func:`later` under ``name``."""
    _FILLERS[name] = filler


def later(content: Sequence[nodes.Node], fill: str, args: Mapping[str, Any]) -> list[nodes.Node]:
    """Shells of ``content`` and a placeholder from which ``fill`` rebuilds it.

    ``content`` is what ``_FILLERS[fill](domain, args)`` returns in this build. The
    placeholder goes inside the first shell when the content starts with one (a label
    in front of a card then names the card's section), otherwise in front.
    """
    if fill not in _FILLERS:
        raise KeyError(f"no filler named {fill!r}")
    shells = [shell for node in content if (shell := _shell(node)) is not None]
    holder = pending_content(mc_fill=fill, mc_args=dict(args), mc_shells=len(shells))
    if shells and _has_shell(content[0]):
        holder["mc_inside"] = True
        shells[0].insert(_after_title(shells[0]), holder)
        return list(shells)
    return [holder, *shells]


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


class FillPendingContent(SphinxPostTransform):
    """Build every pending content of a page and pour it into its shells."""

    default_priority = FILL_PRIORITY

    def run(self, **kwargs: Any) -> None:
        """Fill the placeholders of this doctree."""
        holders = list(self.document.findall(pending_content))
        if not holders:
            return
        domain = get_domain(self.env)
        for holder in holders:
            fill(holder, domain, self.env.docname)


def fill(holder: pending_content, domain: ModelcardsDomain, docname: str) -> None:
    """Replace ``holder`` and its shells by the content they stand for."""
    content = list(_FILLERS[holder["mc_fill"]](domain, holder["mc_args"]))
    for top in content:
        for xref in top.findall(addnodes.pending_xref):
            xref.setdefault("refdoc", docname)
    inside, count = bool(holder.get("mc_inside")), int(holder["mc_shells"])
    container, start = _take_out(holder, inside)
    shells = list(container[start : start + count])
    if len(shells) != sum(1 for node in content if _has_shell(node)):
        # The catalog changed since the page was read (a build that did not re-read it):
        # the content wins over the shells.
        shells = [_shell(node) or node for node in content if _has_shell(node)]
    kept = iter(shells)
    result = [_fill(next(kept), node) if _has_shell(node) else node for node in content]
    if not inside and result and isinstance(result[0], nodes.Element):
        # Ids that reading moved onto the placeholder (a label in front of it).
        result[0]["ids"][:0] = holder["ids"]
        result[0]["names"][:0] = holder["names"]
    container[start : start + count] = result


def _take_out(holder: pending_content, inside: bool) -> tuple[nodes.Element, int]:
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
            children.append(_fill(next(kept, None) or child, child))
        else:
            children.append(child)
    shell.children = []
    shell.extend(children)
    return shell


def _never_written(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Writers never meet a placeholder (filled on every builder); should one be left,
    it writes nothing."""
    raise nodes.SkipNode


def setup_late(app: Sphinx) -> None:
    """Register the placeholder and the post-transform that fills it."""
    visitors = (_never_written, None)
    app.add_node(
        pending_content,
        html=visitors,
        latex=visitors,
        text=visitors,
        man=visitors,
        texinfo=visitors,
    )
    app.add_post_transform(FillPendingContent)
