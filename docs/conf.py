"""Sphinx configuration of the sphinx-modelcards documentation and demo catalog."""

from __future__ import annotations

import sys
from pathlib import Path

import sphinx_modelcards

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

project = "sphinx-modelcards"
author = "The sphinx-modelcards developers"
copyright = "The sphinx-modelcards developers"
release = sphinx_modelcards.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx_modelcards",
    "myst_parser",
    "sphinx.ext.intersphinx",
    "modelcards_reference",  # docs/_ext: reference tables generated from the package
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext", "_tutorial", "data", "Thumbs.db", ".DS_Store"]
nitpicky = True

# -- The demo catalog ------------------------------------------------------------------------
# 46 models from 17 labs, written by hand in docs/data. Pages for every model, lab,
# architecture and tag are generated into docs/catalog (git-ignored) on each build.
modelcards_data = "data"
modelcards_pages = "catalog"
# Shown on the catalog home, in modelcards.json and to the theme (html_context).
modelcards_data_version = "2026.11"

# -- Intersphinx -------------------------------------------------------------------------------
# No inventories are fetched (the build runs without network). ``intersphinx_resolve_self``
# lets the how-to guide show ``:external+catalog:mc:model:`...``` resolving against this
# very project, exactly as it would from another project that maps "catalog" to this site.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_resolve_self = "catalog"

# -- MyST --------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"sphinx-modelcards {release}"
html_static_path = ["_static"]
html_css_files = ["docs.css"]

# -- Link check (run by hand: ``sphinx-build -b linkcheck docs docs/_build/linkcheck``) ------
linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_anchors = False
