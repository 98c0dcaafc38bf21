"""A model's family tree: its bases and what was derived from it, as a small SVG.

Ancestors sit above the model and descendants below, one row per generation,
bounded in depth and width ("and N more"). Cycles (a warning at load time) stop
where a model repeats. Same drawing conventions as :mod:`.svg`: CSS classes only,
escaped text, deterministic output, no links and no script.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...data.catalog import Catalog
from ...data.schema import Model, base_label
from .. import i18n
from .svg import _clean_id, _close, _esc, _line, _n, _open, _text, _text_w, _truncate

#: Generations shown above and below the model.
MAX_DEPTH = 3
#: Models shown per generation; the rest are counted.
MAX_WIDTH = 4


@dataclass(frozen=True)
class Node:
    """One box: a catalog id (or an external base's name) and its label."""

    key: str
    label: str
    linked_to: tuple[str, ...] = ()  # keys of the row nearer the model it connects to


@dataclass(frozen=True)
class Row:
    """One generation: the boxes shown and how many more were left out."""

    nodes: tuple[Node, ...]
    more: int = 0


def _bases(model: Model, catalog: Catalog) -> list[tuple[str, str]]:
    """``(key, label)`` of each base: catalog models by id, the others by name."""
    out = []
    for base in model.base_model:
        label = base_label(base)
        if isinstance(base, str) and base in catalog.models:
            out.append((base, catalog.models[base].name))
        else:
            out.append((f"external:{label}", label))
    return out


def _derived(model_id: str, catalog: Catalog) -> list[tuple[str, str]]:
    return [(i, catalog.models[i].name) for i in catalog.derived_models.get(model_id, ())]


def generations(model: Model, catalog: Catalog, *, up: bool) -> list[Row]:
    """Rows of ancestors (``up``) or descendants, nearest first."""
    rows: list[Row] = []
    seen = {model.id}
    current = [model.id]
    for _ in range(MAX_DEPTH):
        links: dict[str, tuple[str, list[str]]] = {}
        for key in current:
            if key not in catalog.models:
                continue
            found = _bases(catalog.models[key], catalog) if up else _derived(key, catalog)
            for other, label in found:
                if other in seen and other not in links:
                    continue
                links.setdefault(other, (label, []))[1].append(key)
        if not links:
            break
        keys = list(links)
        shown = keys[:MAX_WIDTH]
        rows.append(
            Row(
                tuple(Node(k, links[k][0], tuple(links[k][1])) for k in shown),
                len(keys) - len(shown),
            )
        )
        seen.update(keys)
        current = shown
    return rows


def has_lineage(model: Model, catalog: Catalog) -> bool:
    """Whether the model has a base or a derived model."""
    return bool(model.base_model) or bool(catalog.derived_models.get(model.id))


_ROW_H, _BOX_H, _PAD = 46, 24, 8


def lineage_svg(model: Model, catalog: Catalog, *, chart_id: str, width: int = 640) -> str:
    """The SVG of the model's ancestors and descendants."""
    above = generations(model, catalog, up=True)
    below = generations(model, catalog, up=False)
    rows = [*reversed(above), Row((Node(model.id, model.name),)), *below]
    height = _ROW_H * len(rows) + _PAD
    cid = _clean_id(chart_id)
    title = i18n._("Lineage of {name}").format(name=model.name)
    out = _open("lineage", cid, width, height, title, _description(model, above, below))
    centres = [_centres(row, width) for row in rows]
    out.append('<g class="mc-lineage-edges">')
    for index, row in enumerate(rows):
        # Each node connects to the row nearer the model: below it for ancestors, above
        # it for descendants.
        near = index + 1 if index < len(above) else index - 1
        for node, (cx, _) in zip(row.nodes, centres[index], strict=True):
            for key in node.linked_to:
                for other, (ox, _) in zip(rows[near].nodes, centres[near], strict=True):
                    if other.key == key:
                        y1, y2 = _box_y(index), _box_y(near)
                        top, bottom = (y1, y2) if y1 < y2 else (y2, y1)
                        out.append(_line("mc-lineage-edge", *_ends(cx, ox, top, bottom, y1 < y2)))
    out.append("</g>")
    for index, row in enumerate(rows):
        current = index == len(above)
        for node, (cx, box_w) in zip(row.nodes, centres[index], strict=True):
            out.append(_box(node, cx, box_w, _box_y(index), current))
        if row.more:
            note = f"and {row.more} more"
            x = width - _PAD
            out.append(_text("mc-label mc-lineage-more", x, _box_y(index) + _BOX_H / 2, note,
                             "end", True))  # fmt: skip
    return _close(out)


def _ends(
    cx: float, ox: float, top: float, bottom: float, node_on_top: bool
) -> tuple[float, float, float, float]:
    x_top, x_bottom = (cx, ox) if node_on_top else (ox, cx)
    return x_top, top + _BOX_H, x_bottom, bottom


def _box_y(index: int) -> float:
    return _PAD + index * _ROW_H


def _centres(row: Row, width: int) -> list[tuple[float, float]]:
    """Centre x and width of each box, spread evenly (room left for "and N more")."""
    usable = width - 2 * _PAD - (110 if row.more else 0)
    slot = usable / max(len(row.nodes), 1)
    return [
        (_PAD + slot * (i + 0.5), min(_text_w(node.label) + 20, slot - 10))
        for i, node in enumerate(row.nodes)
    ]


def _box(node: Node, cx: float, box_w: float, y: float, current: bool) -> str:
    cls = "mc-lineage-node" + (" mc-lineage-current" if current else "")
    if node.key.startswith("external:"):
        cls += " mc-lineage-external"
    label = _truncate(node.label, box_w - 12)
    return (
        f'<g class="{cls}"><title>{_esc(node.label)}</title>'
        f'<rect x="{_n(cx - box_w / 2)}" y="{_n(y)}" width="{_n(box_w)}" '
        f'height="{_BOX_H}" rx="4"/>'
        + _text("mc-label", cx, y + _BOX_H / 2, label, "middle", True)
        + "</g>"
    )


def _description(model: Model, above: list[Row], below: list[Row]) -> str:
    def names(rows: list[Row]) -> str:
        labels = [node.label for row in rows for node in row.nodes]
        more = sum(row.more for row in rows)
        text = ", ".join(labels) or i18n._("none")
        return i18n._("{names} and {more} more").format(names=text, more=more) if more else text

    return i18n._("{name}. Derived from: {above}. Derived models: {below}.").format(
        name=model.name, above=names(above), below=names(below)
    )
