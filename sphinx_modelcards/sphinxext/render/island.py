"""The data a leaderboard ships for the browser: one compact JSON island per table.

The table itself stays complete and readable without JavaScript; the island adds
what its cells do not show: each row's search text (id, name, aliases, lab,
architecture, tags, normalised) and its facet values (access, lab, architecture,
tags) as indexes into one list of labels per facet, plus the table's settings
(what the rank column ranks by, columns hidden by default, whether to offer the
filter box) and, with the filter box, each row's model id and how many models the
"Compare" button takes (the compare page's URL is added when the page is written).
It is a ``raw`` HTML node, so other builders leave it out.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from docutils import nodes

from ...data import registry
from ...data.catalog import Catalog
from ...data.schema import Model
from .compare import MAX_MODELS

#: Facets of the filter panel, in the order they are shown.
FACETS = ("access", "lab", "architecture", "tags")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> str:
    """Case, accents and punctuation folded away: ``GPT-4o`` -> ``gpt4o``.

    modelcards.js folds what a reader types the same way, so "gpt4" finds GPT-4.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub("", bare.casefold()).split())


def search_text(model: Model, catalog: Catalog) -> str:
    """Every word a reader may search a model by, normalised, each once."""
    lab = catalog.labs.get(model.lab)
    parts = [model.id, model.name, model.name.replace(" ", ""), *model.aliases, model.lab]
    parts.append(catalog.lab_name(model.lab))
    if lab and lab.short_name:
        parts.append(lab.short_name)
    if model.architecture:
        parts += [model.architecture, catalog.architecture_name(model.architecture)]
    parts += model.tags
    words = normalise(" ".join(parts)).split()
    return " ".join(dict.fromkeys(words))


def facet_values(model: Model, catalog: Catalog) -> dict[str, list[str]]:
    """The labels a model has in each facet."""
    lab = catalog.labs.get(model.lab)
    lab_label = lab.short_name if lab and lab.short_name else catalog.lab_name(model.lab)
    arch = catalog.architecture_name(model.architecture) if model.architecture else None
    return {
        "access": [registry.ACCESS_LABELS.get(model.access, model.access)],
        "lab": [lab_label],
        "architecture": [arch] if arch else [],
        "tags": list(model.tags),
    }


def island_data(
    models: Sequence[Model],
    catalog: Catalog,
    *,
    rank_by: str | None,
    sort: str | None = None,
    hidden: Sequence[str],
    filterable: bool,
) -> dict[str, Any]:
    """The island's content for ``models`` (in table order).

    ``rank_by`` is the ranking key's header, ``sort`` its column key (the script
    brings that column into view).
    """
    data: dict[str, Any] = {
        "rankBy": rank_by,
        "sort": sort,
        "hidden": list(hidden),
        "filter": filterable,
    }
    if not filterable:
        return data
    values = [facet_values(model, catalog) for model in models]
    labels = {
        facet: sorted({v for row in values for v in row[facet]}, key=str.casefold)
        for facet in FACETS
    }
    index = {facet: {label: i for i, label in enumerate(labels[facet])} for facet in FACETS}
    rows: list[list[Any]] = [
        [search_text(model, catalog), *([index[f][v] for v in row[f]] for f in FACETS)]
        for model, row in zip(models, values, strict=True)
    ]
    data["facets"] = labels
    data["rows"] = rows
    data["ids"] = [model.id for model in models]
    data["compareMax"] = MAX_MODELS
    return data


def script_json(data: Any, *, sort_keys: bool = False) -> str:
    """JSON for a ``<script>`` element: nothing in it can close the element or open a
    comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def island_node(table_id: str, data: dict[str, Any]) -> nodes.raw:
    """A ``<script type="application/json">`` for the table ``table_id`` (HTML only)."""
    target = html.escape(table_id, quote=True)
    markup = (
        f'<script type="application/json" class="mc-lb-data" data-for="{target}">'
        f"{script_json(data)}</script>"
    )
    node = nodes.raw("", markup, format="html")
    node["mc_island"] = True  # compare_page.py adds the compare page's URL when writing
    return node


def with_compare_url(markup: str, url: str) -> str:
    """An island's markup with ``data-compare``: the compare page's URL from its page.

    The opening tag's first ``>`` ends it: its attribute values are escaped.
    """
    return markup.replace(">", f' data-compare="{html.escape(url, quote=True)}">', 1)
