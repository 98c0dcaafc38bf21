"""Per-builder decisions taken on resolved doctrees, after reading."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

from .domain import get_domain


def resolve_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point "Download data" links at the files HTML builds write; drop them elsewhere.

    Connected to ``doctree-resolved``, which hands over the builder that is writing.
    """
    html = app.builder.format == "html"
    here = app.builder.get_target_uri(docname) if html else ""
    for node in list(doctree.findall(nodes.Element)):
        if "mc_downloads" not in node:
            continue
        if not html:
            node.parent.remove(node)
            continue
        for ref in node.findall(nodes.reference):
            ref["refuri"] = relative_uri(here, ref["mc_file"])


class KeepDataTextAsWritten(SphinxTransform):
    """Data is shown as written: no smart quotes or dashes inside the extension's nodes.

    Runs just before Sphinx's SmartQuotes (priority 750). A page the extension generated
    holds nothing else, so SmartQuotes is turned off for the whole document through the
    setting Sphinx checks for that (``settings.smart_quotes = False``, on a copy of the
    settings, which Sphinx 8 shares between documents). In other pages every element
    that carries one of our ``mc-`` classes is marked, and Sphinx skips the text below it.
    """

    default_priority = 745

    def apply(self, **kwargs: Any) -> None:
        """Turn SmartQuotes off for a generated page; else mark the extension's nodes."""
        if self.env.docname in get_domain(self.env).generated_docs:
            settings = self.document.settings.copy()
            settings.smart_quotes = False
            self.document.settings = settings
            return
        for node in self.document.findall(nodes.Element):
            classes: list[str] = node.get("classes", [])
            if any(cls.startswith("mc-") for cls in classes):
                node["support_smartquotes"] = False


def _ours(node: nodes.Node) -> bool:
    """Whether ``node`` is inside an element the extension made (an ``mc-`` class)."""
    parent: nodes.Node | None = node
    while parent is not None:
        if isinstance(parent, nodes.Element):
            classes: list[str] = parent.get("classes", [])
            if any(cls.startswith("mc-") for cls in classes):
                return True
        parent = parent.parent
    return False


class LabelsForGettext(SphinxTransform):
    """Give the extension's headings and labels a source, so ``-b gettext`` extracts them.

    Sphinx's gettext builder skips text elements without ``source`` (it takes them for
    its own messages). Section titles, field names and table headers the extension
    writes get the document's source and their text as ``rawsource``; cells and
    paragraphs of data are left out of the message catalog. Runs before Sphinx's
    ``Locale`` transform (priority 20), and only when the gettext builder reads: no
    other builder extracts messages, and Sphinx never lets a gettext build share its
    doctrees with another builder (their versioning methods differ).
    """

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        """Mark the extension's headings and labels."""
        if not isinstance(get_domain(self.env).builder, MessageCatalogBuilder):
            return
        source = self.document.get("source", "")
        for node in self.document.findall(nodes.TextElement):
            if node.source or not self._label(node) or not _ours(node):
                continue
            node.source = source
            node.line = node.line or 1
            if not node.rawsource:
                node.rawsource = node.astext()

    @staticmethod
    def _label(node: nodes.TextElement) -> bool:
        if isinstance(node, nodes.title | nodes.field_name):
            return True
        return (
            isinstance(node, nodes.paragraph)
            and isinstance(node.parent, nodes.entry)
            and (any(isinstance(a, nodes.thead) for a in _ancestors(node)))
        )


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out
