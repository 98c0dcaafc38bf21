"""Importers: turn other formats into model data files, and back.

- :mod:`.markdown` reads the legacy markdown leaderboard (one page per model) into
  ``models/<lab>/<id>.yaml`` files and a ``labs.yaml`` registry.
- :mod:`.huggingface` reads and writes the metadata of Hugging Face model cards.
"""
