"""Per-builder decisions taken on resolved doctrees, after reading."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri


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

    Runs just before Sphinx's SmartQuotes (priority 750) and marks every element that
    carries one of our ``mc-`` classes; Sphinx skips the text below such elements.
    """

    default_priority = 745

    def apply(self, **kwargs: Any) -> None:
        """Mark the extension's nodes."""
        for node in self.document.findall(nodes.Element):
            classes: list[str] = node.get("classes", [])
            if any(cls.startswith("mc-") for cls in classes):
                node["support_smartquotes"] = False
