"""Publish a catalog of AI models as Sphinx documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point: ``extensions = ["sphinx_modelcards"]``."""
    from .sphinxext import setup as _setup

    return _setup(app)
