"""The extension's ``conf.py`` settings, declared once and read into a typed object."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..data import registry
from ..data.catalog import REGISTRY_KINDS
from ..data.history import month_only, parse_day
from ..data.loading import Sources
from ..data.metrics import Thresholds

logger = logging.getLogger(__name__)

#: Sections of a profile, in the order they are shown.
SECTIONS = (
    "overview",
    "specs",
    "efficiency",
    "data",
    "benchmarks",
    "lineage",
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "ethical_considerations",
    "owners",
    "tags",
    "notes",
    "resources",
    "sources",
    "related",
    "history",
    "updated",
)


def setting(default: Any, description: str, types: tuple[type, ...], rebuild: str = "env") -> Any:
    """A field of :class:`ModelcardsConfig`: its default and what ``conf.py`` may give."""
    metadata = {"description": description, "types": types, "rebuild": rebuild}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ModelcardsConfig:
    """Every ``conf.py`` setting of the extension, declared once.

    Each field is registered as ``modelcards_<field>``; :func:`read_settings` turns
    the values a project gives into the validated :class:`Settings` of a build.
    """

    data: Any = setting(
        None,
        "Data file or folder (or a list of them), relative to the configuration folder. "
        "Folders are read recursively; files named labs, architectures, benchmarks or tags "
        "are registries of that kind.",
        (str, list, tuple),
    )
    labs: Any = setting(
        None,
        "Labs registry: a file path, a list of paths, or inline data (a list of mappings).",
        (str, list, tuple),
    )
    architectures: Any = setting(
        None,
        "Extra architectures: a file path, a list of paths, or inline data.",
        (str, list, tuple),
    )
    benchmarks: Any = setting(
        None,
        "Extra benchmarks (name, description, scale, analysis bands): path(s) or inline data.",
        (str, list, tuple),
    )
    tags: Any = setting(
        None,
        "Tags registry; when given, a tag that is not in it is a warning.",
        (str, list, tuple),
    )
    generate: bool = setting(
        True, "Generate a page per model, lab, architecture and tag, and their indexes.", (bool,)
    )
    pages: str = setting(
        "catalog", "Folder (inside the source folder) that receives the generated pages.", (str,)
    )
    related: int = setting(
        5, "How many closest models of the same lab a profile lists under Related models.", (int,)
    )
    alscore_tiers: Any = setting(
        [list(t) for t in registry.ALSCORE_TIERS],
        "ALScore tiers, highest first, as [lower bound, label] pairs; the last bound is 0.",
        (list, tuple),
    )
    compute_optimal_ratio: float = setting(
        registry.COMPUTE_OPTIMAL_RATIO,
        "Training tokens per parameter from which a model counts as compute-optimal.",
        (int, float),
    )
    sections: Any = setting(
        list(SECTIONS), "Profile sections shown by default, in order.", (list, tuple)
    )
    profile_charts: bool = setting(
        True, "Draw charts on generated pages (profiles, labs, architectures, index).", (bool,)
    )
    interactive_min_rows: int = setting(
        15,
        "Leaderboards with at least this many rows get a search box and filters in the "
        "browser; smaller ones can still be sorted by their headers.",
        (int,),
    )
    as_of: Any = setting(
        None,
        "Show the whole site as the catalog stood on this date (YYYY-MM or YYYY-MM-DD), "
        "for a docs version frozen at a date: models released by then, each value as "
        "known then. A leaderboard's :as-of: option wins over it.",
        (str,),
    )
    recent_changes: int = setting(
        20, "How many changes the generated Recent changes page lists.", (int,)
    )
    data_version: Any = setting(
        None,
        "A version of the data (such as 2025.06 or a commit), shown on the catalog home, "
        "in modelcards.json and to themes (html_context).",
        (str,),
    )
    defer_card_bodies: bool = setting(
        True,
        "Read a titled model card as its outline (its title and its sections' titles and "
        "anchors) and build its body from the catalog just before the post-transforms of "
        "whichever builder writes it. A page's doctree is then a tenth of its size, which "
        "a large catalog builds faster with; transforms that run while pages are read see "
        "the outline only. False builds the whole card when the page is read.",
        (bool,),
    )
    release_doctrees: bool = setting(
        True,
        "Drop each generated page's doctree from Sphinx's in-memory cache once it is "
        "written to disk while reading, so a large catalog's pages are not all held in "
        "memory until the write phase (they are read back from disk then). False keeps "
        "Sphinx's default.",
        (bool,),
        rebuild="",
    )
    gc_threshold: int = setting(
        50_000,
        "Allocations between two young-generation garbage collections while a build runs "
        "(Python's default is 700). Raised when the build starts and put back when it "
        "finishes, successfully or not; a page's nodes then die young instead of piling up "
        "for full collections, which took a third of a large catalog's build. 0 leaves "
        "the collector alone.",
        (int,),
        rebuild="",
    )


@dataclass(frozen=True)
class ConfigValue:
    """One registered setting, as Sphinx and the reference docs see it."""

    name: str
    default: Any
    types: tuple[type, ...]
    description: str
    rebuild: str


def _config_values() -> tuple[ConfigValue, ...]:
    values = []
    for item in fields(ModelcardsConfig):
        default = item.default
        if item.default_factory is not MISSING:
            default = item.default_factory()
        values.append(
            ConfigValue(
                f"modelcards_{item.name}",
                default,
                item.metadata["types"],
                item.metadata["description"],
                item.metadata["rebuild"],
            )
        )
    return tuple(values)


#: The settings as registered with Sphinx, derived from :class:`ModelcardsConfig`.
CONFIG_VALUES: tuple[ConfigValue, ...] = _config_values()


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
    #: The site-wide as-of date, and whether it was given as a month (``2025-06``).
    as_of: dt.date | None = None
    as_of_month: bool = False
    recent_changes: int = 20
    data_version: str | None = None
    defer_card_bodies: bool = True


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


def given(config: Config) -> ModelcardsConfig:
    """The project's values, as the declared dataclass."""
    return ModelcardsConfig(
        **{
            item.name: getattr(config, f"modelcards_{item.name}")
            for item in fields(ModelcardsConfig)
        }
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
    if not all(math.isfinite(bound) for bound, _ in tiers):
        _warn("modelcards_alscore_tiers: every lower bound must be a finite number")
        return registry.ALSCORE_TIERS
    if not tiers or [b for b, _ in tiers] != sorted((b for b, _ in tiers), reverse=True):
        _warn("modelcards_alscore_tiers: tiers must be listed highest bound first")
        return registry.ALSCORE_TIERS
    return tiers


def _ratio(value: Any) -> float:
    """The compute-optimal ratio: a finite number above zero, else the default."""
    ratio = float(value)
    if not math.isfinite(ratio) or ratio <= 0:
        _warn(
            f"modelcards_compute_optimal_ratio: expected a finite number above 0, got {value!r}; "
            f"using {registry.COMPUTE_OPTIMAL_RATIO:g}"
        )
        return registry.COMPUTE_OPTIMAL_RATIO
    return ratio


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
    values = given(config)
    registries = {
        kind: _registry(getattr(values, kind), confdir, f"modelcards_{kind}")
        for kind in REGISTRY_KINDS
    }
    as_of = _as_of(values.as_of)
    related = values.related
    if related < 0:
        _warn("modelcards_related: must be 0 or more")
        related = 5
    return Settings(
        sources=Sources(
            data=_paths(values.data, confdir, "modelcards_data"),
            registries=registries,
        ),
        thresholds=Thresholds(
            tiers=_tiers(values.alscore_tiers),
            compute_optimal_ratio=_ratio(values.compute_optimal_ratio),
        ),
        generate=bool(values.generate),
        pages=_pages_folder(values.pages),
        related=related,
        sections=_sections(values.sections),
        charts=bool(values.profile_charts),
        interactive_min_rows=max(0, int(values.interactive_min_rows)),
        as_of=as_of,
        as_of_month=as_of is not None and month_only(str(values.as_of)),
        recent_changes=max(0, int(values.recent_changes)),
        data_version=str(values.data_version).strip() or None
        if values.data_version is not None
        else None,
        defer_card_bodies=bool(values.defer_card_bodies),
    )


def _as_of(value: Any) -> dt.date | None:
    """The site-wide as-of date, or ``None`` (with a warning when it is not a date)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_day(str(value))
    except ValueError as exc:
        _warn(f"modelcards_as_of: {exc}; the whole catalog is shown")
        return None
