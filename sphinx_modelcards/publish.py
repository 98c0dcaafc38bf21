"""Published data: ``modelcards.json`` and ``modelcards.csv`` beside the HTML output."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_publish(app: Sphinx) -> None:
    """Connect the writers of the published data files."""
