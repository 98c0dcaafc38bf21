"""Wiring: config values, the domain, directives, and the build events that drive them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.typing import ExtensionMetadata

from .. import __version__
from ..data.cache import ParseCache
from ..data.hints import did_you_mean
from ..data.history import catalog_as_of
from ..data.loading import load_catalog
from . import config, publish
from .catalog_pages import (
    ArchitectureDirective,
    BenchmarksDirective,
    IndexDirective,
    LabDirective,
    SummaryDirective,
    TagDirective,
)
from .chart import setup_charts
from .collector import setup_collector
from .compare import setup_compare
from .compare_page import setup_compare_page
from .dependencies import changed_keys, fingerprints, outdated_documents
from .doctree_memory import setup_doctree_memory
from .domain import OBJECT_TYPES, ROLE_TO_TYPE, ModelcardsDomain, get_domain
from .history import setup_history
from .i18n import browser_strings, setup_i18n
from .leaderboard import setup_leaderboard
from .modelcard import setup_modelcard
from .pages import plan_pages, remove_pages, write_pages
from .render.island import script_json
from .transforms import KeepDataTextAsWritten, LabelsForGettext, resolve_download_links

logger = logging.getLogger(__name__)

#: Bump when the shape of what the domain stores in the environment changes.
ENV_VERSION = 7

STATIC = Path(__file__).parent / "static"
CSS_FILES = ("modelcards.css", "modelcards-charts.css")
JS_FILES = ("modelcards.js",)
CACHE_NAME = "sphinx-modelcards-cache.pickle"
#: Beside the doctrees: the folder that holds the generated pages.
PAGES_RECORD = "sphinx-modelcards-pages.txt"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register everything; see the package docs for what each piece does."""
    config.register(app)
    setup_i18n(app)
    setup_collector(app)
    setup_doctree_memory(app)
    app.add_domain(ModelcardsDomain)
    setup_modelcard(app)
    setup_leaderboard(app)
    setup_charts(app)
    setup_compare(app)
    setup_compare_page(app)
    for name, directive in (
        ("lab", LabDirective),
        ("architecture", ArchitectureDirective),
        ("tag", TagDirective),
        ("benchmarks", BenchmarksDirective),
        ("index", IndexDirective),
        ("summary", SummaryDirective),
    ):
        app.add_directive_to_domain("mc", name, directive)
    app.connect("doctree-resolved", resolve_download_links)
    app.add_transform(KeepDataTextAsWritten)
    app.add_transform(LabelsForGettext)
    app.connect("config-inited", _ensure_rst_source)
    app.connect("builder-inited", _load_and_generate)
    app.connect("env-get-outdated", _outdated_by_data)
    app.connect("warn-missing-reference", _report_missing_reference)
    publish.setup_publish(app)
    setup_history(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _ensure_rst_source(app: Sphinx, conf: Config) -> None:
    """Generated stubs are reST: make sure ``.rst`` files are read (MyST-only projects)."""
    if conf.modelcards_generate and conf.modelcards_data and ".rst" not in conf.source_suffix:
        conf.source_suffix[".rst"] = "restructuredtext"


def _load_and_generate(app: Sphinx) -> None:
    """Load and validate the catalog once per build; write the generated pages."""
    settings = config.read_settings(app.config, Path(app.confdir))
    # A data folder may hold the output (``modelcards_data = "."``): never read it back.
    output = (Path(app.outdir), Path(app.doctreedir))
    settings = replace(settings, sources=replace(settings.sources, exclude=output))
    domain = get_domain(app.env)
    domain.settings = settings
    domain.builder = app.builder
    cache = ParseCache(Path(app.doctreedir) / CACHE_NAME)
    catalog = load_catalog(settings.sources, settings.thresholds, cache)
    cache.save()
    domain.full_catalog = catalog
    domain.catalog = catalog_as_of(catalog, settings.as_of) if settings.as_of else catalog
    for problem in catalog.problems:
        logger.warning(
            problem.message, type="modelcards", subtype=problem.subtype, location=problem.location
        )
    generating = bool(settings.generate and settings.sources.data)
    _forget_previous_pages(app, settings.pages if generating else None)
    if generating:
        planned = plan_pages(domain.catalog, charts=settings.charts)
        report = write_pages(Path(app.srcdir), settings.pages, planned, app.config.source_suffix)
        domain.generated_docs = frozenset(f"{settings.pages}/{name}" for name in planned) - set(
            report.overridden
        )
        _remove_stale_output(app, report.removed)
        if report.written or report.removed:
            logger.info(
                "[modelcards] pages: %d written, %d removed, %d unchanged, %d overridden",
                len(report.written),
                len(report.removed),
                report.unchanged,
                len(report.overridden),
            )
    if app.builder.format == "html":
        _copy_static_files(app)
        for css in CSS_FILES:
            app.add_css_file(css)
        for js in JS_FILES:
            app.add_js_file(js, loading_method="defer")
        strings = browser_strings(tuple(label for _, label in settings.thresholds.tiers))
        if strings is not None:
            # Before the script: a JSON block the deferred script reads.
            app.add_js_file(
                None, body=script_json(strings), type="application/json", id="mc-strings"
            )


def _forget_previous_pages(app: Sphinx, folder: str | None) -> None:
    """Remove the stubs of the previous build's folder when it is no longer ``folder``.

    The folder in use is recorded beside the doctrees, so that changing
    ``modelcards_pages`` or switching generation off leaves no orphan pages behind
    (sources, HTML or inventory entries): an incremental build equals a fresh one.
    """
    record = Path(app.doctreedir) / PAGES_RECORD
    try:
        previous = record.read_text(encoding="utf-8").strip() or None
    except OSError:
        previous = None
    if previous is not None and previous != folder:
        _remove_stale_output(app, remove_pages(Path(app.srcdir), previous))
    if previous == folder:
        return
    try:
        if folder is None:
            record.unlink(missing_ok=True)
        else:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(folder + "\n", encoding="utf-8")
    except OSError:
        pass  # without the record, a later folder change leaves stubs, as before


def _remove_stale_output(app: Sphinx, removed: list[str]) -> None:
    """Delete the built HTML of generated pages whose model (or lab, tag...) is gone."""
    outfilename = getattr(app.builder, "get_outfilename", None)
    if outfilename is None:
        return
    sources_dir = Path(app.outdir) / "_sources"
    suffix = getattr(app.config, "html_sourcelink_suffix", ".txt")
    for source in removed:
        docname = Path(source).with_suffix("").as_posix()
        Path(outfilename(docname)).unlink(missing_ok=True)
        copied = Path(source).as_posix()
        copied += "" if copied.endswith(suffix) else suffix
        (sources_dir / copied).unlink(missing_ok=True)


def _outdated_by_data(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Documents to re-read because data they show changed since the last build."""
    domain = get_domain(env)
    new = fingerprints(domain.catalog, domain.full_catalog)
    changed_data = changed_keys(domain.fingerprints, new)
    domain.data["fingerprints"] = new
    outdated = outdated_documents(domain.deps, changed_data, removed) - added - changed
    if outdated:
        logger.info("[modelcards] %d document(s) show changed data", len(outdated))
    return sorted(outdated)


def _report_missing_reference(
    app: Sphinx, domain: Domain | None, node: nodes.Element
) -> bool | None:
    """Our own warning for an unknown id; links the extension makes itself stay quiet.

    ``nitpick_ignore`` entries such as ``("mc:model", "some-id")`` and
    ``nitpick_ignore_regex`` patterns are honoured even when ``nitpicky`` is off,
    since these references always warn.
    """
    if node.get("refdomain") != "mc":
        return None
    if node.get("mc_internal"):
        return True
    role = str(node.get("reftype", ""))
    target = str(node.get("reftarget", ""))
    if _ignored(app.config, f"mc:{role}", target):
        return True
    objtype = ROLE_TO_TYPE.get(role, role)
    label = OBJECT_TYPES.get(objtype, (role, role))[1]
    hint = did_you_mean(target, get_domain(app.env).entries.get(objtype, {}))
    message = f"unknown {label} id {target!r}{hint}"
    if objtype == "model" and get_domain(app.env).catalog.left_out(target):
        message = get_domain(app.env).catalog.unknown_model(target)
    logger.warning(
        message,
        type="modelcards",
        subtype="reference",
        location=node,
    )
    return True


def _ignored(config: Config, reftype: str, target: str) -> bool:
    """Whether ``nitpick_ignore`` or ``nitpick_ignore_regex`` names this reference."""
    if (reftype, target) in set(map(tuple, config.nitpick_ignore)):
        return True
    return any(
        re.fullmatch(type_pattern, reftype) and re.fullmatch(target_pattern, target)
        for type_pattern, target_pattern in config.nitpick_ignore_regex
    )


def _copy_static_files(app: Sphinx) -> None:
    """Ship the stylesheet and script with HTML output (no CDN).

    Copied before any page is written, so every page gets the same checksummed links.
    """
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for name in (*CSS_FILES, *JS_FILES):
        source = STATIC / name
        if source.is_file():
            copy_asset_file(source, target, force=True)
