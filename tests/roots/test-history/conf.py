"""A catalog with history: corrections before and after 2025-06, and as-of tables."""

extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
modelcards_data_version = "2025.09-r2"
modelcards_recent_changes = 3
exclude_patterns = ["_build"]
project = "History catalog"
author = "The tests"
copyright = "2026, the tests"
