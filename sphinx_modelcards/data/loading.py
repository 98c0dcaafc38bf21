"""From data files to a validated :class:`Catalog`, with every problem located.

Loading never raises on bad data: each problem becomes a :class:`Problem` naming
the file, the line, the field and what was expected, the faulty entry is left
out, and the rest of the catalog loads.
"""

from __future__ import annotations

import difflib
import hashlib
import pickle
import re
import reprlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import metrics, registry
from .hints import did_you_mean
from .schema import (
    ENTRY_MODELS,
    SLUG_PATTERN,
    Architecture,
    Benchmark,
    CatalogFile,
    Lab,
    Model,
    Tag,
    base_id,
    drop_provenance,
    provenance_key_path,
    slugify,
)
from .sources import (
    ParsedFile,
    PathKey,
    find_data_files,
    parse_bytes,
    parse_text,
    read_data_file,
)

REGISTRY_KINDS = ("labs", "architectures", "benchmarks", "tags")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is and what was expected."""

    path: str
    line: int | None
    subtype: str
    message: str
    #: The id of the model this problem left out of the catalog, if it did.
    left_out: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``path:line`` for Sphinx, or ``path:`` for a whole file.

        Sphinx reads a location without a colon as a document name and appends a
        source suffix to it (``data.json.rst``); the colon keeps the path as it is.
        """
        return f"{self.path}:{self.line}" if self.line else f"{self.path}:"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Origin:
    """Where an entry was defined, and the lines of the fields that name other entries."""

    path: str
    line: int | None
    #: ``("lab", 4)``, ``("benchmarks.mmlu", 9)``, ``("tags[1]", 12)``...
    field_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, field_path: str) -> int | None:
        """Line of a field (``lab``, ``benchmarks.mmlu``), else the entry's own line."""
        return self._field_line_map.get(field_path, self.line)

    @cached_property
    def _field_line_map(self) -> dict[str, int]:
        # Built once: a model with 20,000 benchmarks asks for each of their lines.
        return dict(self.field_lines)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Catalog:
    """Every validated entry, keyed by id, plus the problems met on the way."""

    models: dict[str, Model] = field(default_factory=dict)
    labs: dict[str, Lab] = field(default_factory=dict)
    architectures: dict[str, Architecture] = field(default_factory=dict)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    thresholds: metrics.Thresholds = field(default_factory=metrics.Thresholds)
    derived: dict[str, metrics.Derived] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Base model id -> ids of the catalog models derived from it, sorted.
    derived_models: dict[str, list[str]] = field(default_factory=dict)
    _groups: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    #: Figures computed from the whole catalog on first use (e.g. ``standing``).
    computed: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def registry(self, objtype: str) -> Mapping[str, Lab | Architecture | Benchmark | Tag]:
        """Entries of one kind (``lab``, ``architecture``, ``benchmark``, ``tag``) by id."""
        registries: dict[str, Mapping[str, Lab | Architecture | Benchmark | Tag]] = {
            "lab": self.labs,
            "architecture": self.architectures,
            "benchmark": self.benchmarks,
            "tag": self.tags,
        }
        return registries[objtype]

    def left_out(self, model_id: str) -> Problem | None:
        """The first problem that left the model ``model_id`` out of the catalog, if any."""
        if model_id in self.models:
            return None
        return next((p for p in self.problems if p.left_out == model_id), None)

    def unknown_model(self, model_id: str) -> str:
        """Why a reference to ``model_id`` finds no model: left out for a data error
        (and where that was reported), or unknown (with a close id, if any)."""
        problem = self.left_out(model_id)
        if problem is not None:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            return f"model {model_id!r} was left out: see the warning at {where}"
        return f"unknown model id {model_id!r}{did_you_mean(model_id, self.models)}"

    def lab_name(self, lab_id: str) -> str:
        """Display name of a lab id."""
        entry = self.labs.get(lab_id)
        return entry.name if entry else _title_from_id(lab_id)

    def architecture_name(self, arch_id: str | None) -> str:
        """Display name of an architecture id."""
        if arch_id is None:
            return "-"
        entry = self.architectures.get(arch_id)
        return entry.name if entry else arch_id

    def models_where(self, attribute: str, value: str) -> list[Model]:
        """Models whose ``lab``, ``architecture`` or ``tag`` is ``value``, sorted by id."""
        if not self._groups:
            self._groups = _group_models(self.models)
        return [self.models[i] for i in self._groups.get(attribute, {}).get(value, ())]


def _group_models(models: Mapping[str, Model]) -> dict[str, dict[str, list[str]]]:
    """Model ids by lab, architecture and tag id (each list sorted like ``models``)."""
    groups: dict[str, dict[str, list[str]]] = {"lab": {}, "architecture": {}, "tag": {}}
    for model_id, model in models.items():
        groups["lab"].setdefault(model.lab, []).append(model_id)
        if model.architecture:
            groups["architecture"].setdefault(model.architecture, []).append(model_id)
        for tag_id in dict.fromkeys(slugify(t) for t in model.tags):
            groups["tag"].setdefault(tag_id, []).append(model_id)
    return groups


# Parsing with a cache -------------------------------------------------------------------------

#: Bump when parsing gives different results for the same text (the cache holds them).
_CACHE_VERSION = 4


class ParseCache:
    """Parsed files keyed by path, reused while the file's content is unchanged.

    The key is a hash of the bytes, not the size and modification time: an edit
    that keeps both (some tools and checkouts do) is still seen.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, tuple[bytes, ParsedFile]] = {}
        self.dirty = False
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                version, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return
        if version == _CACHE_VERSION and isinstance(entries, dict):
            self.entries = entries

    def parse(self, path: Path) -> ParsedFile:
        """The parsed content of ``path``, from the cache when its bytes are unchanged."""
        raw = read_data_file(path)
        if isinstance(raw, ParsedFile):
            return raw
        key = str(path)
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        cached = self.entries.get(key)
        if cached and cached[0] == digest:
            return cached[1]
        parsed = parse_bytes(raw, path.suffix.lower())
        self.entries[key] = (digest, parsed)
        self.dirty = True
        return parsed

    def forget_except(self, keep: Iterable[str]) -> None:
        """Drop entries of files that are no longer part of the catalog."""
        wanted = set(keep)
        for key in [k for k in self.entries if k not in wanted]:
            del self.entries[key]
            self.dirty = True

    def save(self) -> None:
        """Write the cache back if anything changed."""
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as handle:
                pickle.dump((_CACHE_VERSION, self.entries), handle, pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
            self.dirty = False
        except (OSError, RecursionError, pickle.PicklingError):
            pass  # the cache only saves time; the next build parses again


# Validation -----------------------------------------------------------------------------------


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]+")


def describe_path(loc: Sequence[str | int]) -> str:
    """``links[0].url`` from a pydantic location; odd keys quoted: ``benchmarks['a b']``.

    Pydantic marks an error in a mapping's key (not its value) with a ``[key]`` part.
    """
    text = ""
    parts = list(_written_loc(loc))
    key = bool(parts) and parts[-1] == "[key]"
    for part in parts[:-1] if key else parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            text += f"[{part!r}]"
        else:
            text += f".{part}" if text else part
    return (text or "(entry)") + (" (key)" if key else "")


def _written_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Where a pydantic location was written in the file.

    Provenance is lifted out of ``{value, status...}`` numbers into ``provenance``:
    ``provenance['benchmarks.mmlu'].status`` was written as ``benchmarks.mmlu.status``.
    A base's union tag (``id``, ``external``) is no key of the file.
    """
    parts = tuple(loc)
    if parts[:1] == ("provenance",) and len(parts) > 1 and isinstance(parts[1], str):
        return (*provenance_key_path(parts[1]), *parts[2:])
    if parts[:1] == ("base_model",):
        return tuple(p for p in parts if p not in ("id", "external"))
    return parts


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 6, 4, 60, 60


def _short_repr(value: Any, limit: int = 60) -> str:
    """A short repr that never walks all of a huge value (YAML alias bombs)."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_value(value: Any) -> str:
    """``a list``, ``null``, ``a number (3)``: what a value is, in a data writer's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_short_repr(value)})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _error_message(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    loc = error["loc"]
    where = describe_path(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _field_names(_model_for_loc(model, loc))
        hint = did_you_mean(str(loc[-1]), known)
        return f"unknown field {str(loc[-1])!r}{hint}; expected one of: {', '.join(known)}"
    if kind == "missing":
        return f"{where}: required field is missing"
    value = error.get("input")
    context = error.get("ctx") or {}
    if isinstance(value, str) and kind in _LENGTH_ERRORS:
        if kind in {"string_too_short", "too_short"} and context.get("min_length") == 1:
            return f"{where}: must not be empty"
        if kind in {"string_too_long", "too_long"}:
            limit = context.get("max_length")
            return f"{where}: at most {limit:,} characters (got {len(value):,})"
    message = str(error["msg"]).removeprefix("Value error, ")
    if not loc:  # a check across fields: the message names them, the input is the entry
        return message
    shown = _short_repr(value)
    # A whole entry (a check across its fields) or a value the message quotes: no echo.
    whole_entry = kind == "value_error" and isinstance(value, dict)
    echo = "input" in error and not whole_entry and shown not in message
    return f"{where}: {message} (got {shown})" if echo else f"{where}: {message}"


_LENGTH_ERRORS = frozenset({"string_too_short", "string_too_long", "too_short", "too_long"})


def _model_for_loc(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel]:
    """The nested model that owns the last key of ``loc`` (for did-you-mean hints)."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        annotation = getattr(info, "annotation", None)
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return current


#: How the problem of a bad link ends: the link is dropped, its entry kept.
LINK_LEFT_OUT = "the link is left out"
#: How the problem of bad provenance ends: the number is kept without its source details.
PROVENANCE_LEFT_OUT = "the number is kept without its source details"


def validate_entry(
    kind: str,
    data: Any,
    parsed: ParsedFile,
    prefix: PathKey,
    path: str,
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one entry of ``kind`` (``models``, ``labs``...); problems carry their lines."""
    model_cls = ENTRY_MODELS[kind]
    label = kind[:-1] if kind != "architectures" else "architecture"
    if not isinstance(data, dict):
        line = parsed.line_of(prefix)
        message = f"expected a {label} (a mapping of fields), got {describe_value(data)}"
        return None, [Problem(path, line, "schema", message)]
    entry_id = data.get("id")
    name = f"{label} {entry_id!r}" if isinstance(entry_id, str) else label
    try:
        return model_cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        entry, left_out = _without_bad_parts(model_cls, data, errors), f"the {label} is left out"
        dropped = (
            entry_id if entry is None and kind == "models" and isinstance(entry_id, str) else None
        )
        problems = [
            Problem(
                path,
                _error_line(parsed, prefix, error["loc"]),
                "schema",
                f"{name}: {_error_message(error, model_cls)}; "
                f"{_part_left_out(error['loc']) if entry is not None else left_out}",
                dropped,
            )
            for error in errors
        ]
        return entry, sorted(problems, key=lambda p: p.line or 0)
    except (RecursionError, ValueError, TypeError) as exc:  # defensive: never a traceback
        line = parsed.line_of(prefix)
        return None, [Problem(path, line, "schema", f"{name}: cannot validate: {exc}")]


def _error_line(parsed: ParsedFile, prefix: PathKey, loc: Sequence[str | int]) -> int | None:
    """The line of an error: where its value was written (see :func:`_written_loc`)."""
    exact = parsed.lines.get(prefix + tuple(loc))
    return exact if exact is not None else parsed.line_of(prefix + _written_loc(loc))


def _is_link_error(loc: tuple[Any, ...]) -> bool:
    return loc[:1] == ("links",) and len(loc) > 1 and isinstance(loc[1], int)


def _is_provenance_error(loc: tuple[Any, ...]) -> bool:
    return loc[:1] == ("provenance",)


def _part_left_out(loc: Sequence[str | int]) -> str:
    return PROVENANCE_LEFT_OUT if _is_provenance_error(tuple(loc)) else LINK_LEFT_OUT


def _without_bad_parts(
    model_cls: type[BaseModel], data: dict[str, Any], errors: Sequence[Mapping[str, Any]]
) -> BaseModel | None:
    """The entry without its faulty links and provenance, when they are all that is wrong.

    A ``javascript:`` URL or a link without a URL should cost the link, not the model;
    an unknown provenance status costs the number its source details, not its value.
    """
    if model_cls is not Model:
        return None
    locations = [tuple(error["loc"]) for error in errors]
    if not all(_is_link_error(loc) or _is_provenance_error(loc) for loc in locations):
        return None  # another field is wrong too
    fixed = dict(data)
    bad_links = {loc[1] for loc in locations if _is_link_error(loc)}
    if bad_links and isinstance(data.get("links"), list):
        fixed["links"] = [link for i, link in enumerate(data["links"]) if i not in bad_links]
    bad_provenance = [loc for loc in locations if _is_provenance_error(loc)]
    if bad_provenance:
        keys = {str(loc[1]) for loc in bad_provenance if len(loc) > 1}
        whole = any(len(loc) == 1 for loc in bad_provenance)
        fixed = drop_provenance(fixed, None if whole else keys)
    try:
        return model_cls.model_validate(fixed)
    except ValidationError:
        return None


# Reading files into entries -------------------------------------------------------------------


@dataclass
class _Entries:
    """Entries found in files, in reading order, before cross-checks."""

    items: dict[str, list[tuple[BaseModel, Origin]]] = field(
        default_factory=lambda: {kind: [] for kind in ENTRY_MODELS}
    )
    problems: list[Problem] = field(default_factory=list)


def _registry_kind(path: Path) -> str | None:
    stem = path.stem.lower()
    return stem if stem in REGISTRY_KINDS else None


def _collect(parsed: ParsedFile, path: Path, entries: _Entries, forced_kind: str | None) -> None:
    """Sort a file's data into entries of each kind and validate them."""
    where = str(path)
    if parsed.problem is not None:
        entries.problems.append(
            Problem(where, parsed.problem.line, "syntax", parsed.problem.message)
        )
        return
    for key_path, line in parsed.duplicate_keys:
        entries.problems.append(
            Problem(
                where,
                line,
                "syntax",
                f"duplicate key {describe_path(key_path)!r}; the last value is used",
            )
        )
    kind = forced_kind or _registry_kind(path)
    data = parsed.data
    groups: list[tuple[str, Any, PathKey]]
    if _is_catalog_file(data):
        groups = _catalog_groups(data, parsed, where, entries)
    elif kind is not None:
        if isinstance(data, dict) and kind in data:
            groups = [(kind, data[kind], (kind,))]
        else:
            groups = [(kind, data, ())]
    else:
        groups = [("models", data, ())]
    for group_kind, items, prefix in groups:
        _validate_group(group_kind, items, prefix, parsed, where, entries)


def _is_catalog_file(data: Any) -> bool:
    """A mapping of sections (``models``, ``labs``...) rather than one entry.

    ``tags`` and ``benchmarks`` are also model fields: next to ``name`` or ``lab``
    they make a model (whose id is missing), not a catalog. A section name with a
    typo (``[[model]]`` in TOML) counts when it holds a list of mappings, so that
    the warning is about the section, not about a model with no id.
    """
    if not isinstance(data, dict) or "id" in data:
        return False
    keys = set(data)
    if keys & _SECTIONS_ONLY:
        return True
    if keys & _MODEL_ONLY:
        return False
    if keys & set(ENTRY_MODELS):
        return True
    return any(
        isinstance(value, list)
        and value
        and all(isinstance(item, dict) for item in value)
        and difflib.get_close_matches(str(key), list(ENTRY_MODELS), n=1, cutoff=0.75)
        for key, value in data.items()
    )


_SECTIONS_ONLY = set(ENTRY_MODELS) - set(Model.model_fields)
_MODEL_ONLY = set(Model.model_fields) - set(ENTRY_MODELS)


def _catalog_groups(
    data: dict[str, Any], parsed: ParsedFile, where: str, entries: _Entries
) -> list[tuple[str, Any, PathKey]]:
    groups: list[tuple[str, Any, PathKey]] = []
    for key, value in data.items():
        if key in ENTRY_MODELS:
            groups.append((key, value, (key,)))
            continue
        hint = did_you_mean(str(key), CatalogFile.model_fields)
        entries.problems.append(
            Problem(
                where,
                parsed.line_of((str(key),)),
                "schema",
                f"unknown section {str(key)!r} in a catalog file{hint}; "
                f"expected: {', '.join(CatalogFile.model_fields)}",
            )
        )
    return groups


def _validate_group(
    kind: str, items: Any, prefix: PathKey, parsed: ParsedFile, where: str, entries: _Entries
) -> None:
    if isinstance(items, dict) and kind == "models":
        items_with_paths: list[tuple[Any, PathKey]] = [(items, prefix)]
    elif isinstance(items, list):
        items_with_paths = [(item, (*prefix, index)) for index, item in enumerate(items)]
    else:
        expected = "a model (a mapping of fields) or a list of models" if kind == "models" else ""
        message = f"expected {expected or 'a list of ' + kind}, got {describe_value(items)}"
        entries.problems.append(Problem(where, parsed.line_of(prefix), "schema", message))
        return
    for item, item_path in items_with_paths:
        entry, problems = validate_entry(kind, item, parsed, item_path, where)
        entries.problems.extend(problems)
        if entry is not None:
            line = parsed.line_of((*item_path, "id")) or parsed.line_of(item_path)
            field_lines = _reference_lines(entry, parsed, item_path) if kind == "models" else ()
            entries.items[kind].append((entry, Origin(where, line, field_lines)))


def _reference_lines(
    entry: BaseModel, parsed: ParsedFile, item_path: PathKey
) -> tuple[tuple[str, int], ...]:
    """Lines of a model's fields that refer to other entries, for reference warnings."""
    assert isinstance(entry, Model)
    wanted: list[tuple[PathKey, PathKey]] = [(("lab",), ("lab",))]
    wanted.append((("architecture",), ("architecture",)))
    wanted.append((("training_tokens_b",), ("training_tokens_b",)))
    wanted += [(("benchmarks", b), ("benchmarks", b)) for b in entry.benchmarks]
    wanted.append((("base_model",), ("base_model",)))
    wanted += [(("base_model", i), ("base_model", i)) for i in range(len(entry.base_model))]
    # Repeated tags are dropped by the schema: find each kept tag where it was written.
    written: dict[str, int] = {}
    for position, tag in enumerate(_value_at(parsed.data, (*item_path, "tags")) or ()):
        written.setdefault(str(tag).strip(), position)
    for index, tag in enumerate(entry.tags):
        source = written.get(tag, index)
        wanted.append((("tags", index), ("tags", source)))
    found = []
    for key, source_key in wanted:
        line = parsed.lines.get((*item_path, *source_key))
        if line is not None:
            found.append((describe_path(key), line))
    return tuple(found)


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


# Assembling the catalog -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    """Where the catalog comes from: data paths and optional registries.

    A registry is either a path to a file or plain inline data (a list of mappings).
    """

    data: tuple[Path, ...] = ()
    registries: Mapping[str, tuple[Path | list[Any], ...]] = field(default_factory=dict)
    #: Folders never read inside data folders (a build's output and doctrees).
    exclude: tuple[Path, ...] = ()


def load_catalog(
    sources: Sources,
    thresholds: metrics.Thresholds | None = None,
    cache: ParseCache | None = None,
) -> Catalog:
    """Read, validate and cross-check every data file named by ``sources``."""
    cache = cache or ParseCache()
    entries = _Entries()
    files: list[str] = []
    for root in sources.data:
        if not root.exists():
            message = "data path does not exist"
            entries.problems.append(Problem(str(root), None, "config", message))
            continue
        found, walk_problems = find_data_files(root, sources.exclude)
        entries.problems.extend(Problem(str(path), None, "syntax", m) for path, m in walk_problems)
        for path in found:
            files.append(str(path))
            _collect(cache.parse(path), path, entries, None)
    for kind in REGISTRY_KINDS:
        for given in sources.registries.get(kind, ()):
            if isinstance(given, Path):
                files.append(str(given))
                _collect(cache.parse(given), given, entries, kind)
            else:
                _collect(ParsedFile(data=given), Path("conf.py"), entries, kind)
    cache.forget_except(files)
    catalog = _assemble(entries, thresholds or metrics.Thresholds())
    catalog.files = files
    return catalog


def load_inline_model(text: str, where: str, first_line: int) -> tuple[Model | None, list[Problem]]:
    """Validate a model written as YAML inside a directive; lines are those of the page."""
    parsed = parse_text(text, ".yaml")
    if parsed.problem is not None:
        line = first_line + (parsed.problem.line or 1) - 1
        return None, [Problem(where, line, "syntax", parsed.problem.message)]
    shifted = ParsedFile(
        data=parsed.data,
        lines={key: first_line + line - 1 for key, line in parsed.lines.items()},
    )
    entry, problems = validate_entry("models", parsed.data, shifted, (), where)
    return entry if isinstance(entry, Model) else None, problems


def _first_wins(
    kind: str, items: list[tuple[Any, Origin]], problems: list[Problem]
) -> dict[str, tuple[Any, Origin]]:
    label = kind[:-1] if kind != "architectures" else "architecture"
    kept: dict[str, tuple[Any, Origin]] = {}
    for entry, origin in items:
        first = kept.get(entry.id)
        if first is None:
            kept[entry.id] = (entry, origin)
            continue
        problems.append(
            Problem(
                origin.path,
                origin.line,
                "duplicate",
                f"duplicate {label} id {entry.id!r}, first defined at {first[1]}; "
                "this one is left out",
            )
        )
    return kept


def _assemble(entries: _Entries, thresholds: metrics.Thresholds) -> Catalog:
    problems = entries.problems
    catalog = Catalog(problems=problems, thresholds=thresholds)
    builtin_items: dict[str, list[tuple[Any, Origin]]] = {
        "architectures": [(a, Origin("(built-in)", None)) for a in registry.ARCHITECTURES],
        "benchmarks": [(b, Origin("(built-in)", None)) for b in registry.BENCHMARKS],
    }
    declared_labs = bool(entries.items["labs"])
    declared_tags = bool(entries.items["tags"])
    for kind in ("labs", "architectures", "benchmarks", "tags"):
        user = _first_wins(kind, entries.items[kind], problems)
        merged: dict[str, Any] = {e.id: e for e, _ in builtin_items.get(kind, [])}
        merged.update({key: value[0] for key, value in user.items()})
        # Labs and tags read best alphabetically; benchmarks and architectures keep the
        # order they were declared in (built-ins first), which is the order cards show.
        ordered = kind in {"labs", "tags"}
        setattr(catalog, kind, dict(sorted(merged.items())) if ordered else merged)
    models = _first_wins("models", entries.items["models"], problems)
    for model_id in sorted(models):
        model, origin = models[model_id]
        _check_references(model, origin, catalog, declared_labs, declared_tags, problems)
        catalog.models[model_id] = model
        catalog.origins[model_id] = origin
        catalog.derived[model_id] = metrics.derive(model, thresholds)
        _check_derived(model, origin, catalog.derived[model_id], problems)
    if not declared_tags:
        _check_tag_collisions(catalog, problems)
    _check_lineage(catalog, problems)
    _imply_missing(catalog)
    return catalog


# Lineage --------------------------------------------------------------------------------------

_ID_SHAPED = re.compile(SLUG_PATTERN)


def _check_lineage(catalog: Catalog, problems: list[Problem]) -> None:
    """Index derived models by base; warn about unknown base ids and cycles.

    A base written like an id (a slug) must be a catalog model; a name with spaces,
    capitals or a ``/`` (a Hugging Face repo) is taken as a name and shown as text.
    """
    for model_id, model in catalog.models.items():
        origin = catalog.origins[model_id]
        many = len(model.base_model) > 1
        for index, base in enumerate(model.base_model):
            ref = base_id(base)
            if ref is None:
                continue
            if ref in catalog.models:
                catalog.derived_models.setdefault(ref, []).append(model_id)
            elif _ID_SHAPED.match(ref):
                where = f"base_model[{index}]" if many else "base_model"
                hint = did_you_mean(ref, catalog.models)
                problems.append(
                    Problem(
                        origin.path,
                        origin.line_of(where),
                        "reference",
                        f"model {model_id!r}: {where}: unknown model id {ref!r}{hint}; "
                        "give a base outside the catalog as {name, url}",
                    )
                )
    for ids in catalog.derived_models.values():
        ids.sort()
    for cycle in _cycles(catalog):
        origin = catalog.origins[cycle[0]]
        problems.append(
            Problem(
                origin.path,
                origin.line_of("base_model"),
                "reference",
                f"model {cycle[0]!r}: base_model: the bases form a cycle "
                f"({' -> '.join([*cycle, cycle[0]])})",
            )
        )


def _cycles(catalog: Catalog) -> list[list[str]]:
    """Each cycle of base links once, starting at its smallest id."""
    found: list[list[str]] = []
    for start in sorted(catalog.models):
        path = _path_back_to(start, catalog)
        if path and min(path) == start:
            found.append(path)
    return found


def _path_back_to(start: str, catalog: Catalog) -> list[str] | None:
    """A chain ``start -> base -> ... -> start`` through catalog bases, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        for ref in catalog.models[current].base_ids:
            if ref == start:
                return path
            if ref in catalog.models and ref not in seen:
                seen.add(ref)
                stack.append((ref, [*path, ref]))
    return None


def _same_tag(first: str, other: str) -> bool:
    """``Open weights``, ``open-weights`` and ``Öpen weights`` are one tag; ``C++``, ``C#`` not."""

    def key(text: str) -> str:
        letters = unicodedata.normalize("NFKD", text.casefold())
        letters = "".join(c for c in letters if not unicodedata.combining(c))
        return re.sub(r"[\s_-]+", "-", letters)

    return key(first) == key(other)


def _check_tag_collisions(catalog: Catalog, problems: list[Problem]) -> None:
    """Warn when different tags get the same id (and so one page): ``C++`` and ``C#``."""
    first: dict[str, tuple[str, Origin, int | None]] = {}
    warned: set[tuple[str, str]] = set()
    for model_id, model in catalog.models.items():
        origin = catalog.origins[model_id]
        for index, tag in enumerate(model.tags):
            tag_id = slugify(tag)
            line = origin.line_of(f"tags[{index}]")
            seen, seen_origin, seen_line = first.setdefault(tag_id, (tag, origin, line))
            if _same_tag(seen, tag) or (tag_id, tag.casefold()) in warned:
                continue
            warned.add((tag_id, tag.casefold()))
            where = f"{seen_origin.path}:{seen_line}" if seen_line else seen_origin.path
            problems.append(
                Problem(
                    origin.path,
                    line,
                    "duplicate",
                    f"model {model.id!r}: tags[{index}]: tag {tag!r} has the same id "
                    f"{tag_id!r} as tag {seen!r} ({where}); they share one tag page",
                )
            )


def _check_derived(
    model: Model, origin: Origin, derived: metrics.Derived, problems: list[Problem]
) -> None:
    """Warn when the token ratio cannot be computed although both inputs are there."""
    if model.parameters_b and model.training_tokens_b and derived.ratio is None:
        problems.append(
            Problem(
                origin.path,
                origin.line_of("training_tokens_b"),
                "schema",
                f"model {model.id!r}: training_tokens_b: {model.training_tokens_b:g} tokens for "
                f"{model.parameters_b:g} parameters is a ratio too large to compute; "
                "the ratio is left out",
            )
        )


def _unknown(kind: str, value: str, known: Iterable[str], registry: str) -> str:
    hint = did_you_mean(value, known)
    return f"unknown {kind} {value!r}{hint}; declare it in the {registry} registry"


def _check_references(
    model: Model,
    origin: Origin,
    catalog: Catalog,
    declared_labs: bool,
    declared_tags: bool,
    problems: list[Problem],
) -> None:
    """Warn about ids that point nowhere; the model stays, with implied entries."""
    prefix = f"model {model.id!r}: "

    def report(field_path: str, message: str) -> None:
        line = origin.line_of(field_path)
        problems.append(Problem(origin.path, line, "reference", f"{prefix}{field_path}: {message}"))

    if declared_labs and model.lab not in catalog.labs:
        report("lab", _unknown("lab", model.lab, catalog.labs, "labs"))
    if model.architecture and model.architecture not in catalog.architectures:
        known = catalog.architectures
        report("architecture", _unknown("architecture", model.architecture, known, "architectures"))
    for bench_id, score in model.benchmarks.items():
        benchmark = catalog.benchmarks.get(bench_id)
        if benchmark is None:
            benches = catalog.benchmarks
            report(f"benchmarks.{bench_id}", _unknown("benchmark", bench_id, benches, "benchmarks"))
        elif score is not None and score > benchmark.scale:
            report(
                f"benchmarks.{bench_id}",
                f"score {score:g} is above the best possible score of {benchmark.name} "
                f"({benchmark.scale:g})",
            )
    if declared_tags:
        for index, tag in enumerate(model.tags):
            if slugify(tag) not in catalog.tags:
                report(f"tags[{index}]", _unknown("tag", tag, catalog.tags, "tags"))


def _imply_missing(catalog: Catalog) -> None:
    """Create entries for ids used by models but never declared (after warning)."""
    for model in catalog.models.values():
        if model.lab not in catalog.labs:
            catalog.labs[model.lab] = Lab(id=model.lab, name=_title_from_id(model.lab))
        arch = model.architecture
        if arch and arch not in catalog.architectures:
            catalog.architectures[arch] = Architecture(id=arch, name=_title_from_id(arch))
        for bench_id in model.benchmarks:
            if bench_id not in catalog.benchmarks:
                catalog.benchmarks[bench_id] = Benchmark(id=bench_id, name=bench_id.upper())
        for tag in model.tags:
            catalog.tags.setdefault(slugify(tag), Tag(id=slugify(tag), name=tag))
    catalog.labs = dict(sorted(catalog.labs.items()))
    catalog.tags = dict(sorted(catalog.tags.items()))


def _title_from_id(entry_id: str) -> str:
    return " ".join(part.capitalize() for part in entry_id.replace("_", "-").split("-"))
