"""The browser's comparison: ``.. mc:compare::`` on a generated page, and its links.

The page is filled by modelcards.js from ``modelcards.json`` (published beside the
HTML) for the models named in its URL fragment (``#ids=a,b``). Leaderboards learn
where that page is at write time: their data island gets a ``data-compare``
attribute with the page's URL relative to theirs. Without JavaScript, or on any
other builder, the page says what it is for and points at ``modelcompare``.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from . import dependencies as keys
from .directive import CatalogDirective
from .domain import get_domain
from .publish import JSON_FILE
from .render import nodes as n
from .render.compare import MAX_MODELS

#: Name of the generated page inside the pages folder.
PAGE_NAME = "compare"
#: Where the ``modelcompare`` directive is documented.
DIRECTIVE_DOCS = (
    "https://sphinx-modelcards.readthedocs.io/en/latest/reference/directives.html"
    "#directive-modelcompare"
)
#: Attribute marking the raw nodes resolved at write time.
APP_ATTR = "mc_compare_app"
ISLAND_ATTR = "mc_island"


class ComparePageDirective(CatalogDirective):
    """``.. mc:compare::``: the placeholder modelcards.js fills with the chosen models."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """An explanation for readers without the script, and the app's raw node."""
        self.depend_on([keys.BENCHMARKS])
        intro = nodes.container(classes=["mc-compare-intro"])
        intro += n.para(
            "Tick models on a leaderboard of this site, then press Compare: this page "
            "shows them side by side, one column per model, from the catalog data "
            f"published with the site ({JSON_FILE}). It needs JavaScript. In a page of "
            "your own, write the comparison with the ",
            n.external(DIRECTIVE_DOCS, "modelcompare directive"),
            ".",
        )
        names = {key: bench.name for key, bench in self.catalog.benchmarks.items()}
        app = nodes.raw("", "", format="html")
        app[APP_ATTR] = {"benchmarks": names, "max": MAX_MODELS}
        return [intro, app]


def compare_docname(app: Sphinx) -> str | None:
    """Docname of the generated compare page, when this build has one."""
    settings = get_domain(app.env).settings
    folder = settings.pages if settings is not None else ""
    docname = f"{folder}/{PAGE_NAME}" if folder else PAGE_NAME
    return docname if docname in app.env.all_docs else None


def _script_json(data: Any) -> str:
    """JSON that cannot close a script element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def app_markup(data: dict[str, Any], json_url: str) -> str:
    """The element modelcards.js fills, with the catalog data's URL and benchmark names."""
    src = html.escape(json_url, quote=True)
    return (
        f'<div class="mc-compare-app" data-src="{src}" data-max="{int(data["max"])}" '
        'aria-live="polite"></div>\n'
        f'<script type="application/json" class="mc-compare-names">{_script_json(data)}</script>'
    )


def resolve_compare(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the URLs of the compare page and of the data (``doctree-resolved``)."""
    is_html = app.builder.format == "html"
    here = app.builder.get_target_uri(docname) if is_html else ""
    target: str | None = None
    for node in list(doctree.findall(nodes.raw)):
        if APP_ATTR in node:
            if not is_html:
                node.parent.remove(node)
                continue
            markup = app_markup(node[APP_ATTR], relative_uri(here, JSON_FILE))
            node.children = [nodes.Text(markup)]
            node.rawsource = markup
        elif is_html and node.get(ISLAND_ATTR):
            if target is None:
                page = compare_docname(app)
                target = app.builder.get_relative_uri(docname, page) if page else ""
            if target:
                attr = f' data-compare="{html.escape(target, quote=True)}"'
                # The opening tag's first ">" ends it (its attribute values are escaped).
                markup = node.astext().replace(">", f"{attr}>", 1)
                node.children = [nodes.Text(markup)]
                node.rawsource = markup


def setup_compare_page(app: Sphinx) -> None:
    """Register the directive and the link resolution."""
    app.add_directive_to_domain("mc", "compare", ComparePageDirective)
    app.connect("doctree-resolved", resolve_compare)
