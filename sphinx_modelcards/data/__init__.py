"""The data layer: files -> validated catalog -> derived figures; no Sphinx, no docutils."""
