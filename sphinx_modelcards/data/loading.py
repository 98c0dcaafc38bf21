"""From data files to a validated :class:`Catalog`, with every problem located.

Loading never raises on bad data: each problem becomes a :class:`Problem` naming
the file, the line, the field and what was expected, the faulty entry is left
out, and the rest of the catalog loads.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import metrics, registry
from .cache import ParseCache
from .catalog import REGISTRY_KINDS, Catalog, Origin, Problem
from .hints import did_you_mean
from .history import check_history
from .messages import (
    _REPR,
    HISTORY_LEFT_OUT,
    LINK_LEFT_OUT,
    PROVENANCE_LEFT_OUT,
    WHOLE_HISTORY_LEFT_OUT,
    _error_message,
    _written_loc,
    describe_path,
    describe_value,
)
from .references import (
    _check_derived,
    _check_lineage,
    _check_references,
    _check_tag_collisions,
    _imply_missing,
)
from .schema import (
    ENTRY_MODELS,
    CatalogFile,
    HistoryEntry,
    Model,
    drop_provenance,
)
from .sources import (
    ParsedFile,
    PathKey,
    find_data_files,
    parse_text,
)

# Parsing with a cache -------------------------------------------------------------------------


# Validation -----------------------------------------------------------------------------------


_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 6, 4, 60, 60


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
    if exact is not None:
        return exact
    # Where it is usually written, unless the path as given locates a deeper parent
    # (``provenance: {"": ...}`` written as a mapping of its own, say).
    written_depth, written = parsed.nearest_line(prefix + _written_loc(loc))
    given_depth, given = parsed.nearest_line(prefix + tuple(loc))
    return given if given_depth > written_depth else written


def _is_link_error(loc: tuple[Any, ...]) -> bool:
    return loc[:1] == ("links",) and len(loc) > 1 and isinstance(loc[1], int)


def _is_provenance_error(loc: tuple[Any, ...]) -> bool:
    return loc[:1] == ("provenance",)


def _is_history_error(loc: tuple[Any, ...]) -> bool:
    return loc[:1] == ("history",)


def _part_left_out(loc: Sequence[str | int]) -> str:
    if _is_history_error(tuple(loc)):
        return HISTORY_LEFT_OUT if len(loc) > 1 else WHOLE_HISTORY_LEFT_OUT
    return PROVENANCE_LEFT_OUT if _is_provenance_error(tuple(loc)) else LINK_LEFT_OUT


def _without_bad_parts(
    model_cls: type[BaseModel], data: dict[str, Any], errors: Sequence[Mapping[str, Any]]
) -> BaseModel | None:
    """The entry without its faulty links and provenance, when they are all that is wrong.

    A ``javascript:`` URL or a link without a URL should cost the link, not the model;
    an unknown provenance status costs the number its source details, not its value;
    a history entry without a date costs that entry.
    """
    if model_cls is not Model:
        return None
    locations = [tuple(error["loc"]) for error in errors]
    partial = (_is_link_error, _is_provenance_error, _is_history_error)
    if not all(any(test(loc) for test in partial) for loc in locations):
        return None  # another field is wrong too
    fixed = dict(data)
    bad_history = {loc[1] if len(loc) > 1 else -1 for loc in locations if _is_history_error(loc)}
    if bad_history and isinstance(data.get("history"), list) and -1 not in bad_history:
        fixed["history"] = [h for i, h in enumerate(data["history"]) if i not in bad_history]
    elif bad_history:
        fixed.pop("history", None)
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
        if isinstance(entry, Model) and entry.history:
            entry = _checked_history(entry, parsed, item_path, where, entries.problems)
        if entry is not None:
            line = parsed.line_of((*item_path, "id")) or parsed.line_of(item_path)
            field_lines = _reference_lines(entry, parsed, item_path) if kind == "models" else ()
            entries.items[kind].append((entry, Origin(where, line, field_lines)))


def _checked_history(
    model: Model, parsed: ParsedFile, item_path: PathKey, where: str, problems: list[Problem]
) -> Model:
    """``model`` with its usable history; a problem, at its line, for each faulty entry."""
    checked, issues = check_history(model, dt.date.today())
    written = _value_at(parsed.data, (*item_path, "history"))
    # Entries the schema refused are gone: map the kept ones back to where they were written.
    positions = [
        index
        for index, raw in enumerate(written if isinstance(written, list) else ())
        if _valid_history_entry(raw)
    ]
    for issue in issues:
        index = positions[issue.index] if issue.index < len(positions) else None
        path = (*item_path, "history", index) if index is not None else (*item_path, "history")
        line = parsed.lines.get((*path, issue.key)) or parsed.line_of(path)
        problems.append(Problem(where, line, "history", f"model {model.id!r}: {issue.message}"))
    return checked


def _valid_history_entry(raw: Any) -> bool:
    try:
        HistoryEntry.model_validate(raw)
    except ValidationError:
        return False
    return True


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
    if not isinstance(entry, Model):
        return None, problems
    if entry.history:
        entry = _checked_history(entry, shifted, (), where, problems)
    return entry, problems


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
