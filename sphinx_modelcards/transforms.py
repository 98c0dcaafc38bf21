"""Post-transforms: decisions that depend on the builder, taken after reading."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri


class DownloadLinks(SphinxPostTransform):
    """Point "Download data" links at the files HTML builds write; drop them elsewhere."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        """Resolve every placeholder of this document."""
        html = self.app.builder.format == "html"
        here = self.app.builder.get_target_uri(self.env.docname) if html else ""
        for node in list(self.document.findall(nodes.Element)):
            if "mc_downloads" not in node:
                continue
            if not html:
                node.parent.remove(node)
                continue
            for ref in node.findall(nodes.reference):
                ref["refuri"] = relative_uri(here, ref["mc_file"])
