"""A small invented family of models: provenance, lineage, compute and card sections."""

extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
exclude_patterns = ["_build"]
project = "Model depth"
