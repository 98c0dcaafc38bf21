"""Renderers that turn the catalog into HTML fragments and charts."""
