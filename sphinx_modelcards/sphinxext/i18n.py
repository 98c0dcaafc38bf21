"""The extension's message catalog: every label it writes goes through ``_``.

Catalogs live in ``sphinx_modelcards/locale/<lang>/LC_MESSAGES/sphinx_modelcards.mo``.
They are loaded at ``config-inited``, after the project's own ``locale_dirs``, so a
``sphinx_modelcards.po`` (or ``.mo``) there adds or overrides translations. Numbers and
dates are written for the build's ``language`` with Babel; English output is the data
layer's own formatting, unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import get_decimal_symbol, get_group_symbol
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

from ..data import registry
from ..data.schema import ReleaseDate, month_year

#: The gettext domain of every message the extension writes into pages.
MESSAGE_CATALOG = "sphinx_modelcards"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_translate = get_translation(MESSAGE_CATALOG)


def _(message: str) -> str:
    """``message`` in the build's language (English outside a build: never a lazy proxy)."""
    return str(_translate(message))


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Mark ``message`` for extraction; it is translated with ``_`` where it is used."""
    return message


@dataclass(frozen=True)
class _Formats:
    """The build's locale: Babel's, and the symbols numbers use (English: None)."""

    locale: Locale | None = None
    decimal: str = "."
    group: str = ","


_current = _Formats()


def setup_i18n(app: Sphinx) -> None:
    """Load the catalogs once the configuration (``language``, ``locale_dirs``) is known."""
    app.connect("config-inited", _load_catalogs)


def _load_catalogs(app: Sphinx, conf: Config) -> None:
    """The project's ``locale_dirs`` first (they win), the shipped catalogs last.

    As Sphinx does for its own catalog at start-up, a project's ``sphinx_modelcards.po``
    newer than its ``.mo`` is compiled first.
    """
    global _current
    language = conf.language or "en"
    repo = CatalogRepository(app.srcdir, conf.locale_dirs, language, conf.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == MESSAGE_CATALOG and catalog.is_outdated():
            catalog.write_mo(language, conf.gettext_allow_fuzzy_translations)
    for folder in [*repo.locale_dirs, LOCALE_DIR]:
        app.add_message_catalog(MESSAGE_CATALOG, str(folder))
    _current = _formats(language)


def _formats(language: str) -> _Formats:
    """Babel's locale for a Sphinx language code (``zh_CN``, ``pt-BR``); English on failure."""
    if language.split("_")[0].split("-")[0].lower() == "en":
        return _Formats()
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return _Formats()
    return _Formats(locale, get_decimal_symbol(locale), get_group_symbol(locale))


def english() -> bool:
    """Whether the build writes English (the data layer's own wording and formats)."""
    return _current.locale is None


def number(text: str) -> str:
    """An English-formatted figure (``1,760B``, ``1.5``) with the language's separators.

    The units stay as the extension writes them (``B``, ``T``, ``FLOP``): the
    compact notation of machine-learning papers, the same in every language.
    """
    if _current.locale is None:
        return text
    swap = {",": "\0", ".": _current.decimal}
    out = "".join(swap.get(ch, ch) for ch in text)
    return out.replace("\0", _current.group)


def month(year: int, month_number: int) -> str:
    """``Dec 2024``, ``Dez. 2024``, ``2024年12月``."""
    if _current.locale is None:
        return month_year(year, month_number)
    return format_skeleton("yMMM", dt.date(year, month_number, 1), locale=_current.locale)


#: English month names, independent of the process's C locale.
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date, month_only: bool = False) -> str:
    """``June 2025`` or ``15 June 2025``; ``Juni 2025``, ``2025年6月``."""
    if _current.locale is None:
        words = f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"
        return words if month_only else f"{day.day} {words}"
    if month_only:
        return format_skeleton("yMMMM", day, locale=_current.locale)
    return format_date(day, format="long", locale=_current.locale)


def release(date: ReleaseDate | None, missing: str | None = None) -> str | None:
    """A release date as :meth:`ReleaseDate.display` writes it, in the build's language."""
    if date is None:
        return missing
    if date.year is None or date.month is None:
        return _("TBA")
    return month(date.year, date.month)


def month_names() -> list[str]:
    """The language's month names as release dates show them, lower case (the browser
    sorts and filters date cells by them)."""
    if _current.locale is None:
        return []
    names = []
    for number in range(1, 13):
        text = format_skeleton("yMMM", dt.date(2000, number, 1), locale=_current.locale)
        names.append(text.replace("2000", "").strip().lower())
    return names


def number_symbols() -> tuple[str, str]:
    """The decimal and group symbols of the build's language."""
    return _current.decimal, _current.group


def analysis(text: str) -> str:
    """A built-in benchmark's analysis sentence in the reader's language (a catalog's own
    sentences are data, shown as written)."""
    wording = registry.BAND_WORDING.get(text)
    if wording is None:
        return text
    template, name, skill = wording
    return _(template).format(name=name, skill=_(skill))


#: What ``modelcards.js`` writes, by its English text ({name} placeholders as there).
BROWSER_MESSAGES: tuple[str, ...] = (
    N_("Access"),
    N_("Lab"),
    N_("Architecture"),
    N_("Tags"),
    N_("by {column}"),
    N_("Ranked by {column} when the table was built"),
    N_("{count} more"),
    N_("from"),
    N_("to"),
    N_("has {column}"),
    N_("Columns"),
    N_("Filter rows"),
    N_("name, lab, tag…"),
    N_("Filters"),
    N_("Values"),
    N_("Clear filters"),
    N_("Compare ({count})"),
    N_("At most {max} models"),
    N_("Tick 2 or more models to compare"),
    N_("Compare {name}"),
    N_("Show all {count} ({left} more)"),
    N_("{shown} of {total} model"),
    N_("{shown} of {total} models"),
    N_("{shown} of {total} row"),
    N_("{shown} of {total} rows"),
    N_("Released"),
    N_("Parameters"),
    N_("Training tokens"),
    N_("Tier"),
    N_("Model"),
    N_("(best)"),
    N_("Not in the catalog: {ids}"),
    N_("No models chosen: tick models on a leaderboard, then press Compare."),
    N_("Loading the catalog data…"),
    N_("The catalog data could not be loaded (open the site over http, not as files)."),
)


def browser_strings(tiers: tuple[str, ...] = ()) -> dict[str, object] | None:
    """The translations ``modelcards.js`` reads from ``<script id="mc-strings">``, with
    the month names and number symbols it parses cells by; None in English."""
    if _current.locale is None:
        return None
    messages = {english: _(english) for english in (*BROWSER_MESSAGES, *tiers)}
    return {
        "messages": {k: v for k, v in messages.items() if v != k},
        "months": month_names(),
        "decimal": _current.decimal,
        "group": _current.group,
    }
