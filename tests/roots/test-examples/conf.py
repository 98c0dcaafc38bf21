"""The shared examples; tests point ``modelcards_data`` at ../shared/examples."""

extensions = ["sphinx_modelcards", "myst_parser"]
exclude_patterns = ["_build"]
project = "Examples"
author = "The tests"
copyright = "2026, the tests"
version = "1.0"
