"""A small catalog of invented models: three labs, gaps, every file format."""

extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
exclude_patterns = ["_build"]
