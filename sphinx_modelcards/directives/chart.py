"""``.. modelchart::``: build-time SVG charts of the catalog (placeholder, being written)."""

from __future__ import annotations

from docutils import nodes

from .base import CatalogDirective


class ModelchartDirective(CatalogDirective):
    """Draw a chart of the catalog."""

    def run(self) -> list[nodes.Node]:
        """Nothing yet."""
        return []
