"""What every catalog directive shares: the catalog, settings, warnings, dependencies."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..data.catalog import Catalog, Problem
from .config import Settings
from .dependencies import Key
from .domain import ModelcardsDomain, get_domain

logger = logging.getLogger(__name__)


def csv_option(argument: str | None) -> list[str]:
    """``a, b c`` -> ``["a", "b", "c"]``."""
    if not argument:
        return []
    return [part for part in argument.replace(",", " ").split() if part]


class CatalogDirective(SphinxDirective):
    """A directive that reads the loaded catalog."""

    @property
    def domain(self) -> ModelcardsDomain:
        """The ``mc`` domain of this build."""
        return get_domain(self.env)

    @property
    def catalog(self) -> Catalog:
        """The catalog loaded for this build."""
        return self.domain.catalog

    @property
    def settings(self) -> Settings:
        """The validated ``modelcards_*`` settings."""
        settings = self.domain.settings
        assert settings is not None, "sphinx_modelcards settings were not read"
        return settings

    def depend_on(self, keys: Iterable[Key]) -> None:
        """Re-read this document when any of these catalog keys changes."""
        self.domain.note_dependencies(self.env.docname, keys)

    def warn(self, message: str, subtype: str) -> None:
        """A warning at this directive's line."""
        logger.warning(message, type="modelcards", subtype=subtype, location=self.get_location())

    def option_line(self, name: str) -> int:
        """Line of the ``:name:`` option in the source (the directive's line if not found)."""
        for offset, line in enumerate(self.block_text.splitlines()):
            if line.strip().startswith(f":{name}:"):
                return self.lineno + offset
        return self.lineno

    def warn_option(self, name: str, message: str, subtype: str) -> None:
        """A warning at the line of one of this directive's options."""
        source, _ = self.get_source_info()
        logger.warning(
            message,
            type="modelcards",
            subtype=subtype,
            location=f"{source}:{self.option_line(name)}",
        )

    def warn_problem(self, problem: Problem) -> None:
        """A data problem, located in its data file."""
        logger.warning(
            problem.message, type="modelcards", subtype=problem.subtype, location=problem.location
        )

    def error_note(self, message: str) -> nodes.Node:
        """A visible note in place of content that could not be rendered."""
        node = nodes.paragraph(classes=["mc-error"])
        node += nodes.emphasis(message, message)
        return node
