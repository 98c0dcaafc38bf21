"""The browser's comparison: ``.. mc:compare::`` on a generated page, and its links.

The page is filled by modelcards.js from ``modelcards.json`` (published beside the
HTML) for the models named in its URL fragment (``#ids=a,b``). Leaderboards learn
where that page is when their page is written (a post-transform, beside the charts'):
their data island gets a ``data-compare`` attribute with the page's URL relative to
theirs. Without JavaScript, or on any
other builder, the page says what it is for and points at ``modelcompare``.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from . import dependencies as keys
from .chart import DRAW_PRIORITY
from .directive import CatalogDirective
from .domain import get_domain
from .i18n import _
from .publish import JSON_FILE
from .render import nodes as n
from .render.compare import MAX_MODELS
from .render.island import script_json, with_compare_url

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
        text = _(
            "Tick models on a leaderboard of this site, then press Compare: this page "
            "shows them side by side, one column per model, from the catalog data "
            "published with the site ({file}). It needs JavaScript. In a page of "
            "your own, write the comparison with the {directive}."
        )
        link = n.external(DIRECTIVE_DOCS, _("modelcompare directive"))
        intro += n.para(*n.sentence(text, file=JSON_FILE, directive=link))
        names = {key: bench.name for key, bench in self.catalog.benchmarks.items()}
        app = nodes.raw("", "", format="html")
        app[APP_ATTR] = {"benchmarks": names, "max": MAX_MODELS}
        return [intro, app]


def compare_docname(env: BuildEnvironment) -> str | None:
    """Docname of the generated compare page, when this build has one."""
    settings = get_domain(env).settings
    folder = settings.pages if settings is not None else ""
    docname = f"{folder}/{PAGE_NAME}" if folder else PAGE_NAME
    return docname if docname in env.all_docs else None


def app_markup(data: dict[str, Any], json_url: str) -> str:
    """The element modelcards.js fills, with the catalog data's URL and benchmark names."""
    src = html.escape(json_url, quote=True)
    return (
        f'<div class="mc-compare-app" data-src="{src}" data-max="{int(data["max"])}" '
        'aria-live="polite"></div>\n'
        '<script type="application/json" class="mc-compare-names">'
        f"{script_json(data, sort_keys=True)}</script>"
    )


class ResolveCompareLinks(SphinxPostTransform):
    """Fill in the URLs of the compare page and of the data, as the builder writing
    names them; on other builders the app's node goes. Runs with the charts, before
    Sphinx's own post-transforms, so every later one sees the final markup."""

    default_priority = DRAW_PRIORITY

    def run(self, **kwargs: Any) -> None:
        """Resolve the compare app and the leaderboards' islands of this doctree."""
        builder = get_domain(self.env).builder
        is_html = builder is not None and builder.format == "html"
        docname = self.env.docname
        target: str | None = None
        for node in list(self.document.findall(nodes.raw)):
            if APP_ATTR in node:
                if not is_html:
                    node.parent.remove(node)
                    continue
                assert builder is not None
                here = builder.get_target_uri(docname)
                _set_markup(node, app_markup(node[APP_ATTR], relative_uri(here, JSON_FILE)))
            elif is_html and node.get(ISLAND_ATTR):
                assert builder is not None
                if target is None:
                    page = compare_docname(self.env)
                    target = builder.get_relative_uri(docname, page) if page else ""
                if target:
                    _set_markup(node, with_compare_url(node.astext(), target))


def _set_markup(node: nodes.raw, markup: str) -> None:
    node.children = [nodes.Text(markup)]
    node.rawsource = markup


def setup_compare_page(app: Sphinx) -> None:
    """Register the directive and the link resolution."""
    app.add_directive_to_domain("mc", "compare", ComparePageDirective)
    app.add_post_transform(ResolveCompareLinks)
