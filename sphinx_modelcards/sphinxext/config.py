"""The extension's ``conf.py`` settings, declared once and read into a typed object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..data import registry
from ..data.loading import REGISTRY_KINDS, Sources
from ..data.metrics import Thresholds

logger = logging.getLogger(__name__)

#: Sections of a profile, in the order they are shown.
SECTIONS = (
    "overview",
    "specs",
    "efficiency",
    "data",
    "benchmarks",
    "tags",
    "notes",
    "resources",
    "related",
    "updated",
)


@dataclass(frozen=True)
class ConfigValue:
    """A ``conf.py`` setting: name, default, rebuild scope, accepted types, meaning."""

    name: str
    default: Any
    types: tuple[type, ...]
    description: str
    rebuild: str = "env"


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "modelcards_data",
        None,
        (str, list, tuple),
        "Data file or folder (or a list of them), relative to the configuration folder. "
        "Folders are read recursively; files named labs, architectures, benchmarks or tags "
        "are registries of that kind.",
    ),
    ConfigValue(
        "modelcards_labs",
        None,
        (str, list, tuple),
        "Labs registry: a file path, a list of paths, or inline data (a list of mappings).",
    ),
    ConfigValue(
        "modelcards_architectures",
        None,
        (str, list, tuple),
        "Extra architectures: a file path, a list of paths, or inline data.",
    ),
    ConfigValue(
        "modelcards_benchmarks",
        None,
        (str, list, tuple),
        "Extra benchmarks (name, description, scale, analysis bands): path(s) or inline data.",
    ),
    ConfigValue(
        "modelcards_tags",
        None,
        (str, list, tuple),
        "Tags registry; when given, a tag that is not in it is a warning.",
    ),
    ConfigValue(
        "modelcards_generate",
        True,
        (bool,),
        "Generate a page per model, lab, architecture and tag, and their indexes.",
    ),
    ConfigValue(
        "modelcards_pages",
        "catalog",
        (str,),
        "Folder (inside the source folder) that receives the generated pages.",
    ),
    ConfigValue(
        "modelcards_related",
        5,
        (int,),
        "How many closest models of the same lab a profile lists under Related models.",
    ),
    ConfigValue(
        "modelcards_alscore_tiers",
        [list(t) for t in registry.ALSCORE_TIERS],
        (list, tuple),
        "ALScore tiers, highest first, as [lower bound, label] pairs; the last bound is 0.",
    ),
    ConfigValue(
        "modelcards_compute_optimal_ratio",
        registry.COMPUTE_OPTIMAL_RATIO,
        (int, float),
        "Training tokens per parameter from which a model counts as compute-optimal.",
    ),
    ConfigValue(
        "modelcards_sections",
        list(SECTIONS),
        (list, tuple),
        "Profile sections shown by default, in order.",
    ),
    ConfigValue(
        "modelcards_profile_charts",
        True,
        (bool,),
        "Draw charts on generated pages (profiles, labs, architectures, index).",
    ),
    ConfigValue(
        "modelcards_interactive_min_rows",
        15,
        (int,),
        "Leaderboards with at least this many rows get a search box and filters in the "
        "browser; smaller ones can still be sorted by their headers.",
    ),
    ConfigValue(
        "modelcards_gc_threshold",
        50_000,
        (int,),
        "Allocations between young-generation garbage collections while Sphinx builds "
        "(Python's default is 700; restored when the build ends). A higher value lets "
        "each page's nodes die young instead of piling up for full collections, which "
        "took a third of a large catalog's build. 0 turns off all of the extension's "
        "memory tuning: the thresholds, dropping the doctrees Sphinx keeps between "
        "reading and writing, and, in parallel builds, freezing live objects while "
        "pages are written, freezing what forked processes inherit and widening the "
        "young generation while readers' environments are merged.",
        rebuild="",
    ),
    ConfigValue(
        "modelcards_lean_parallel_reads",
        True,
        (bool,),
        "In parallel builds (-j), start each forked reader without the tables of "
        "contents and titles of the documents read in this build, so the environment "
        "it sends back to the main process holds little more than its own batch. "
        "False for an extension that reads other documents' titles or tables of "
        "contents while reading.",
        rebuild="",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Validated settings, derived from the Sphinx config each build."""

    sources: Sources
    thresholds: Thresholds
    generate: bool
    pages: str
    related: int
    sections: tuple[str, ...]
    charts: bool
    interactive_min_rows: int = 15


def register(app: Sphinx) -> None:
    """Declare every ``modelcards_*`` setting."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name,
            value.default,
            value.rebuild,  # type: ignore[arg-type]
            types=value.types,
            description=value.description,
        )


def _warn(message: str) -> None:
    logger.warning(message, type="modelcards", subtype="config")


def _paths(value: Any, confdir: Path, name: str) -> tuple[Path, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str | Path) else list(value)
    paths = []
    for item in items:
        if isinstance(item, str | Path):
            paths.append((confdir / item).resolve())
        else:
            _warn(f"{name}: expected a path or a list of paths, got {type(item).__name__}")
    return tuple(paths)


def _registry(value: Any, confdir: Path, name: str) -> tuple[Path | list[Any], ...]:
    """A registry setting may be paths or inline data (a list of mappings)."""
    if isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
        return (list(value),)
    return _paths(value, confdir, name)


def _tiers(value: Any) -> tuple[tuple[float, str], ...]:
    try:
        tiers = tuple((float(bound), str(label)) for bound, label in value)
    except (TypeError, ValueError):
        _warn("modelcards_alscore_tiers: expected a list of [lower bound, label] pairs")
        return registry.ALSCORE_TIERS
    if not tiers or [b for b, _ in tiers] != sorted((b for b, _ in tiers), reverse=True):
        _warn("modelcards_alscore_tiers: tiers must be listed highest bound first")
        return registry.ALSCORE_TIERS
    return tiers


def _sections(value: Sequence[Any]) -> tuple[str, ...]:
    unknown = [s for s in value if s not in SECTIONS]
    if unknown:
        _warn(f"modelcards_sections: unknown section(s) {unknown}; known: {', '.join(SECTIONS)}")
    return tuple(s for s in value if s in SECTIONS)


def _pages_folder(value: str) -> str:
    folder = value.strip().strip("/")
    if not folder or ".." in Path(folder).parts or Path(folder).is_absolute():
        _warn(f"modelcards_pages: {value!r} must be a folder inside the source folder")
        return "catalog"
    return folder


def read_settings(config: Config, confdir: Path) -> Settings:
    """Turn the raw config values into :class:`Settings`, warning about bad ones."""
    registries = {
        kind: _registry(getattr(config, f"modelcards_{kind}"), confdir, f"modelcards_{kind}")
        for kind in REGISTRY_KINDS
    }
    related = config.modelcards_related
    if related < 0:
        _warn("modelcards_related: must be 0 or more")
        related = 5
    return Settings(
        sources=Sources(
            data=_paths(config.modelcards_data, confdir, "modelcards_data"),
            registries=registries,
        ),
        thresholds=Thresholds(
            tiers=_tiers(config.modelcards_alscore_tiers),
            compute_optimal_ratio=float(config.modelcards_compute_optimal_ratio),
        ),
        generate=bool(config.modelcards_generate),
        pages=_pages_folder(config.modelcards_pages),
        related=related,
        sections=_sections(config.modelcards_sections),
        charts=bool(config.modelcards_profile_charts),
        interactive_min_rows=max(0, int(config.modelcards_interactive_min_rows)),
    )
