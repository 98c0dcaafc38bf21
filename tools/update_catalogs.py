"""Update the extension's message catalogs: extract, merge, compile.

Run from the repository root::

    python tools/update_catalogs.py          # write the .pot, merge each .po, compile .mo
    python tools/update_catalogs.py --check  # exit 1 when a file would change

Messages come from the Sphinx layer (``_("...")`` and ``N_("...")``, with Babel's Python
extractor) and from the built-in registry entries the extension words itself (access
levels, link kinds, tiers, analysis sentences, benchmark and architecture descriptions).
Needs only Babel, which Sphinx depends on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sphinx_modelcards.data import registry  # noqa: E402

PACKAGE = ROOT / "sphinx_modelcards"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinx_modelcards"
LANGUAGES = ("de", "es", "fr", "ja", "zh_CN")
#: ``T`` is ``_`` under another name where ``_`` is a throwaway variable (charts).
#: Written into every catalog's header in place of the time of the run (reproducible files).
DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
KEYWORDS = {"_": None, "N_": None, "T": None}


def registry_messages() -> list[str]:
    """What the extension writes from its registry (data that ships with it)."""
    messages = [*registry.ACCESS_LABELS.values(), *registry.LINK_LABELS.values()]
    messages += [label for _, label in registry.ALSCORE_TIERS]
    messages += [template for template, _, _ in registry.BAND_WORDING.values()]
    messages += [skill for _, _, skill in registry.BAND_WORDING.values() if skill]
    messages += [b.description for b in registry.BENCHMARKS if b.description]
    # Architecture names (Dense, MoE...) are terms of the field, kept as written like
    # benchmark names; their descriptions are translated.
    messages += [arch.description for arch in registry.ARCHITECTURES if arch.description]
    return messages


def template() -> Catalog:
    """Every message, in a stable order (by file and line, then the registry's)."""
    catalog = Catalog(project="sphinx-modelcards", domain=DOMAIN, fuzzy=False, creation_date=DATE)
    found = extract_from_dir(
        PACKAGE / "sphinxext",
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
    )
    for filename, lineno, message, comments, _context in found:
        text = message if isinstance(message, str) else message[0]
        catalog.add(text, locations=[(f"sphinxext/{filename}", lineno)], auto_comments=comments)
    for text in registry_messages():
        if text not in catalog:
            catalog.add(text, locations=[("data/registry.py", 0)])
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, sort_output=True, width=88, include_lineno=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def planned() -> dict[Path, bytes]:
    """The content every catalog file should have."""
    pot = template()
    files = {LOCALE / f"{DOMAIN}.pot": _po_bytes(pot)}
    for language in LANGUAGES:
        folder = LOCALE / language / "LC_MESSAGES"
        po_path = folder / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.creation_date = catalog.revision_date = DATE
        files[po_path] = _po_bytes(catalog)
        files[folder / f"{DOMAIN}.mo"] = _mo_bytes(catalog)
    return files


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the .pot, the .po and the .mo files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = []
    for path, content in planned().items():
        if path.exists() and path.read_bytes() == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
