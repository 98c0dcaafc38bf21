"""Small builders of plain docutils nodes shared by cards, tables and pages.

Only standard nodes are produced (sections, tables, field lists, paragraphs,
references), so every Sphinx builder renders them; HTML gets its looks from
CSS classes alone.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from docutils import nodes
from sphinx import addnodes

Cell: TypeAlias = nodes.Node | str | None


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of text and inline nodes."""
    node = nodes.paragraph(classes=list(classes))
    node.extend(nodes.Text(c) if isinstance(c, str) else c for c in children)
    return node


def sentence(template: str, **parts: nodes.Node | str) -> list[nodes.Node]:
    """A translated ``template`` whose ``{name}`` placeholders are nodes (links, badges).

    The translation decides where each node goes, so no sentence is pieced together
    from fragments.
    """
    out: list[nodes.Node] = []
    for text, field, _spec, _conv in string.Formatter().parse(template):
        if text:
            out.append(nodes.Text(text))
        if field is not None:
            part = parts[field]
            out.append(nodes.Text(part) if isinstance(part, str) else part)
    return out


def inline(value: str, classes: Sequence[str] = ()) -> nodes.inline:
    """An inline span with classes."""
    return nodes.inline(value, value, classes=list(classes))


def strong(value: str) -> nodes.strong:
    """Bold text."""
    return nodes.strong(value, value)


def section(title: str, section_id: str, classes: Sequence[str] = ()) -> nodes.section:
    """A section with an explicit, stable id."""
    node = nodes.section(ids=[section_id], classes=list(classes))
    node += nodes.title(title, title)
    return node


def xref(
    objtype: str, target: str, label: str, classes: Sequence[str] = ()
) -> addnodes.pending_xref:
    """A link to a catalog object, resolved when the page is written.

    Links made by the extension itself never warn when their target has no page
    (for example with page generation switched off): they stay plain text.
    """
    from ..domain import OBJECT_TYPES

    role = OBJECT_TYPES[objtype][0]
    node = addnodes.pending_xref(
        "",
        refdomain="mc",
        reftype=role,
        reftarget=target,
        refexplicit=True,
        refwarn=False,
        mc_internal=True,
    )
    node += nodes.inline(label, label, classes=["mc-ref", f"mc-ref-{objtype}", *classes])
    return node


def external(url: str, label: str) -> nodes.reference:
    """A link to an http(s) or relative URL (validated by the schema)."""
    node = nodes.reference(label, label, refuri=url, classes=["mc-link"])
    if url.startswith(("http://", "https://")):
        node["classes"].append("external")
    return node


def badge(label: str, variant: str) -> nodes.inline:
    """A labelled badge; the text carries the meaning, colour only helps."""
    return nodes.inline(label, label, classes=["mc-badge", f"mc-badge-{variant}"])


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """Inline nodes separated by ``separator``."""
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def field_list(
    items: Iterable[tuple[str, Cell | Sequence[nodes.Node]]], classes: Sequence[str] = ()
) -> nodes.field_list:
    """A field list of name/value pairs; ``None`` values are skipped."""
    node = nodes.field_list(classes=["mc-fields", *classes])
    for name, value in items:
        if value is None:
            continue
        body = nodes.field_body()
        body += _as_paragraph(value)
        field = nodes.field()
        field += nodes.field_name(name, name)
        field += body
        node += field
    return node


def _as_paragraph(value: Cell | Sequence[nodes.Node]) -> nodes.paragraph:
    if isinstance(value, str):
        return para(value)
    if isinstance(value, nodes.paragraph):
        return value
    if isinstance(value, nodes.Node):
        return para(value)
    return para(*value) if value else para("-")


def bullet_list(
    items: Iterable[nodes.Node | Sequence[nodes.Node | str]], classes: Sequence[str] = ()
) -> nodes.bullet_list:
    """A bullet list whose items are inline content."""
    node = nodes.bullet_list(classes=list(classes))
    for item in items:
        entry = nodes.list_item()
        children = [item] if isinstance(item, nodes.Node) else list(item)
        entry += para(*children)
        node += entry
    return node


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width and a kind (text, num or date)."""

    header: str
    width: int = 10
    kind: str = "text"
    key: str = ""


@dataclass(frozen=True)
class Divider:
    """A full-width row of text between groups of rows (``not ranked``)."""

    text: str
    classes: Sequence[str] = ()


def table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell] | Divider],
    *,
    classes: Sequence[str] = (),
    caption: str | None = None,
    table_id: str | None = None,
) -> nodes.table:
    """A plain table; numeric and date cells get classes for alignment and sorting."""
    node = nodes.table(classes=["mc-table", *classes])
    if table_id:
        node["ids"].append(table_id)
    if caption:
        node += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(columns))
    node += group
    for column in columns:
        group += nodes.colspec(colwidth=column.width)
    head = nodes.thead()
    group += head
    head += _row([c.header for c in columns], columns)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _divider(row, len(columns)) if isinstance(row, Divider) else _row(row, columns)
    return node


def _divider(divider: Divider, width: int) -> nodes.row:
    row = nodes.row(classes=["mc-divider", *divider.classes])
    entry = nodes.entry(morecols=width - 1, classes=["mc-divider-cell"])
    entry += para(divider.text)
    row += entry
    return row


def _row(cells: Sequence[Cell], columns: Sequence[Column]) -> nodes.row:
    row = nodes.row()
    for cell, column in zip(cells, columns, strict=True):
        entry = nodes.entry(classes=[f"mc-{column.kind}"])
        if column.key:
            entry["classes"].append(f"mc-col-{column.key}")
        if cell is None or cell == "":
            entry += para("-", classes=["mc-missing"])
        elif isinstance(cell, str):
            entry += para(cell)
        elif isinstance(cell, nodes.paragraph):
            entry += cell
        else:
            entry += para(cell)
        row += entry
    return row
