"""``python -m sphinx_modelcards``: the ``sphinx-modelcards`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
