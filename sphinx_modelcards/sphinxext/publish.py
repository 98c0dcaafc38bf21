"""Published data: ``modelcards.json`` and ``modelcards.csv`` beside the HTML output."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from .. import __version__
from ..data.export import DOWNLOAD_FILES, records, to_csv, to_json, write_if_changed
from ..data.history import last_updated
from ..data.schema import SCHEMA_VERSION
from .dependencies import CATALOG, HISTORY
from .domain import ModelcardsDomain, get_domain

logger = logging.getLogger(__name__)

JSON_FILE, CSV_FILE = DOWNLOAD_FILES
#: File in the doctree folder: the inputs of the data files last written.
STAMP_NAME = "sphinx-modelcards-published.txt"


def setup_publish(app: Sphinx) -> None:
    """Connect the writers of the published data files."""
    app.connect("build-finished", _write_data_files)


def page_url(domain: ModelcardsDomain, builder: Builder, model_id: str) -> str | None:
    """URL of a model's page relative to the output root; ``None`` when it has no page.

    A profile (a page that is the model's card) is linked without a fragment; a card
    inside another page is linked with its anchor.
    """
    found = domain.lookup("model", model_id)
    if found is None:
        return None
    docname, anchor, _ = found
    uri = builder.get_target_uri(docname)
    profile = domain.entries["model"][model_id][docname][2]
    if profile or not anchor:
        return uri
    return f"{uri.partition('#')[0]}#{anchor}"


def _write_data_files(app: Sphinx, exception: BaseException | None) -> None:
    """Write the catalog with its derived figures for download (HTML builders only)."""
    if exception is not None or app.builder.format != "html":
        return
    domain = get_domain(app.env)
    catalog = domain.catalog
    if not catalog.models:
        return
    outdir = Path(app.outdir)
    stamp = Path(app.doctreedir) / STAMP_NAME
    key = _inputs_key(app, domain)
    present = all((outdir / name).is_file() for name in DOWNLOAD_FILES)
    if present and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return
    items = records(catalog, lambda model_id: page_url(domain, app.builder, model_id))
    version = domain.settings.data_version if domain.settings else None
    json_text = to_json(items, last_updated(catalog), version)
    written = [
        name
        for name, text in ((JSON_FILE, json_text), (CSV_FILE, to_csv(items, catalog)))
        if write_if_changed(outdir / name, text)
    ]
    stamp.write_text(key, encoding="utf-8")
    if written:
        logger.info("[modelcards] data: %s written", ", ".join(written))


def _inputs_key(app: Sphinx, domain: ModelcardsDomain) -> str:
    """A digest of everything the data files are made of: the catalog (its overall
    fingerprint), where each model's page is and how it is linked, the builder, the
    output folder and the versions of the extension and of the data format."""
    pages = sorted(
        (model_id, sorted((doc, *map(str, entry)) for doc, entry in docs.items()))
        for model_id, docs in domain.entries.get("model", {}).items()
    )
    parts = [
        __version__,
        str(SCHEMA_VERSION),
        app.builder.name,
        str(app.outdir),  # two output folders may share one doctree folder
        str(getattr(app.builder, "link_suffix", "")),
        str(domain.fingerprints.get(CATALOG, "")),
        str(domain.fingerprints.get(HISTORY, "")),
        str(domain.settings.data_version if domain.settings else ""),
        repr(pages),
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()
