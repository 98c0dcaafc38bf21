"""The README's example model (tests may point ``modelcards_data`` at ../shared/examples)."""

extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
exclude_patterns = ["_build", "data"]
project = "Examples"
author = "The tests"
copyright = "2026, the tests"
version = "1.0"
