"""History: the ``mc:changes`` directive (the "Recent changes" page), the site-wide
as-of date and the catalog's dates for themes.

The data side (history entries, values as of a date) is :mod:`..data.history`;
the nodes are built by :mod:`.render.history`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ..data.catalog import Catalog
from ..data.history import catalog_as_of, last_updated, month_only, parse_day, recent_changes
from . import dependencies as keys
from .directive import CatalogDirective
from .domain import get_domain
from .i18n import _
from .render import nodes as n
from .render.history import as_of_caption, recent_list


class ChangesDirective(CatalogDirective):
    """``.. mc:changes::``: the newest changes of the catalog, each linked to its model."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "limit": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        """A list of the last ``:limit:`` changes (``modelcards_recent_changes`` by default)."""
        self.depend_on([keys.RECENT])
        limit = self.options.get("limit", self.settings.recent_changes)
        found = recent_changes(self.catalog, limit)
        if not found:
            return [n.para(str(_("No recorded changes yet.")), classes=["mc-no-changes"])]
        names = {model_id: model.name for model_id, model in self.catalog.models.items()}
        benchmarks = {b.id: b.name for b in self.catalog.benchmarks.values()}
        return [recent_list(found, names, benchmarks)]


class AsOf:
    """A date a view is frozen at, with the words that say so."""

    def __init__(self, day: dt.date, month: bool) -> None:
        self.day = day
        self.month = month

    @classmethod
    def parse(cls, text: str) -> AsOf:
        """``2025-06`` or ``2025-06-15``; ``ValueError`` otherwise."""
        return cls(parse_day(text), month_only(text))

    def caption(self, caption: str | None) -> str:
        """``As of June 2025``, or the given caption followed by the date."""
        return as_of_caption(caption, self.day, self.month)

    def view(self, full: Catalog) -> Catalog:
        """The catalog as it stood on this date."""
        return catalog_as_of(full, self.day)


def site_as_of(app_settings: Any) -> AsOf | None:
    """The site-wide ``modelcards_as_of``, if one is set."""
    day = getattr(app_settings, "as_of", None)
    return AsOf(day, app_settings.as_of_month) if day is not None else None


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give themes the catalog's latest change and data version."""
    domain = get_domain(app.env)
    latest = last_updated(domain.catalog)
    context["modelcards_last_updated"] = latest.isoformat() if latest else None
    settings = domain.settings
    context["modelcards_data_version"] = settings.data_version if settings else None


def setup_history(app: Sphinx) -> None:
    """Register ``mc:changes`` and the theme context."""
    app.add_directive_to_domain("mc", "changes", ChangesDirective)
    app.connect("html-page-context", _page_context)
