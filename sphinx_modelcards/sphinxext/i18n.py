"""The extension's message catalog: every label it writes goes through ``_``.

Catalogs live in ``sphinx_modelcards/locale/<lang>/LC_MESSAGES/sphinx_modelcards.mo``
and are registered with :meth:`sphinx.application.Sphinx.add_message_catalog`, so a
project's own ``locale_dirs`` can add or override translations.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The gettext domain of every message the extension writes into pages.
MESSAGE_CATALOG = "sphinx_modelcards"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_ = get_translation(MESSAGE_CATALOG)
