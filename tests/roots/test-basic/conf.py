"""A small catalog of invented models: three labs, gaps, every file format."""

extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
exclude_patterns = ["_build"]
project = "Basic catalog"
author = "The tests"
copyright = "2026, the tests"
version = "1.0"
