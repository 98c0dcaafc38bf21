"""Dated changes of values, and the catalog as it stood on a day.

A history entry says "before ``date``, ``field`` was ``old``": the value changed on
that day from ``old`` to the next entry's ``old`` (or to the current value, after
the last entry). The value known on a day ``D`` is therefore the current value when
no entry of the field is dated after ``D``, else the ``old`` of the earliest entry
dated after ``D``; ``old: null`` means the value was unknown then. A value without
history whose provenance has an ``as_of`` date is known from that date on.

Everything here is plain data (no Sphinx), deterministic and cached per catalog.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from . import metrics
from .catalog import Catalog
from .hints import did_you_mean
from .schema import (
    PROVENANCE_FIELDS,
    SCORE_PREFIX,
    HistoryEntry,
    Model,
    PlainNumber,
    PositiveNumber,
    Score,
)

#: Fields a history entry may name, besides ``benchmarks.<id>``.
HISTORY_FIELDS = PROVENANCE_FIELDS
#: How many changes the "Recent changes" page lists by default.
RECENT_COUNT = 20

_SCORE: TypeAdapter[Any] = TypeAdapter(Score | None)
_NUMBER: TypeAdapter[Any] = TypeAdapter(PositiveNumber | None)
_COUNT: TypeAdapter[Any] = TypeAdapter(Annotated[int, PlainNumber, Field(gt=0)] | None)


@dataclass(frozen=True)
class Change:
    """One change of one model's value, with the value after it."""

    date: dt.date
    model_id: str
    field: str
    old: Any
    new: Any
    note: str | None
    source: str | None


@dataclass(frozen=True)
class HistoryIssue:
    """Something wrong with the history entry at ``index``; ``key`` is its faulty key."""

    index: int
    key: str
    message: str
    #: Whether the entry is left out (else it is kept, as written or reordered).
    dropped: bool


# Checking -------------------------------------------------------------------------------------


def field_names(model: Model) -> list[str]:
    """The field paths a history entry of ``model`` may name."""
    return [*HISTORY_FIELDS, *(f"{SCORE_PREFIX}{b}" for b in model.benchmarks)]


def _adapter(path: str) -> TypeAdapter[Any]:
    if path.startswith(SCORE_PREFIX):
        return _SCORE
    return _COUNT if path == "context_window" else _NUMBER


def _old_problem(path: str, old: Any) -> str | None:
    """Why ``old`` cannot be a value of ``path``, or ``None`` when it can."""
    try:
        _adapter(path).validate_python(old)
    except ValidationError as exc:
        reason = exc.errors(include_url=False)[0]["msg"]
        return f"old value {old!r} does not fit {path} ({reason})"
    return None


def check_history(model: Model, today: dt.date) -> tuple[Model, list[HistoryIssue]]:
    """``model`` with usable history only (in date order), and what was wrong.

    An unknown field or an ``old`` value of the wrong type leaves its entry out; a
    date in the future is kept (with a warning); entries out of order are sorted.
    """
    issues: list[HistoryIssue] = []
    known = field_names(model)
    kept: list[tuple[int, HistoryEntry]] = []
    for index, item in enumerate(model.history):
        if item.field not in known:
            hint = did_you_mean(item.field, known)
            message = (
                f"history: {item.field!r} is not a value of this model{hint}; expected one "
                f"of: {', '.join(HISTORY_FIELDS)} or benchmarks.<id> of its scores; "
                "the entry is left out"
            )
            issues.append(HistoryIssue(index, "field", message, dropped=True))
            continue
        wrong = _old_problem(item.field, item.old)
        if wrong is not None:
            message = f"history: {wrong}; the entry is left out"
            issues.append(HistoryIssue(index, "old", message, dropped=True))
            continue
        if item.date > today:
            message = (
                f"history: date {item.date.isoformat()} is in the future (today is "
                f"{today.isoformat()}); the entry is kept"
            )
            issues.append(HistoryIssue(index, "date", message, dropped=False))
        kept.append((index, item))
    for (_, before), (index, item) in itertools.pairwise(kept):
        if item.date < before.date:
            message = (
                f"history: {item.date.isoformat()} comes after {before.date.isoformat()}; "
                "write entries oldest first (they are read in date order)"
            )
            issues.append(HistoryIssue(index, "date", message, dropped=False))
            break
    ordered = [item for _, item in sorted(kept, key=lambda pair: (pair[1].date, pair[0]))]
    if ordered != list(model.history):
        model = model.model_copy(update={"history": ordered})
    return model, issues


# Reading --------------------------------------------------------------------------------------


def current_value(model: Model, path: str) -> Any:
    """The value of a field path today (``parameters_b``, ``benchmarks.mmlu``)."""
    if path.startswith(SCORE_PREFIX):
        return model.benchmarks.get(path[len(SCORE_PREFIX) :])
    return getattr(model, path)


def changes(model: Model) -> list[Change]:
    """Every change of ``model``, newest first (ties by field)."""
    by_field: dict[str, list[HistoryEntry]] = {}
    for item in model.history:
        by_field.setdefault(item.field, []).append(item)
    found: list[Change] = []
    for path, items in by_field.items():
        ordered = sorted(items, key=lambda item: item.date)
        afters = [item.old for item in ordered[1:]] + [current_value(model, path)]
        found += [
            Change(item.date, model.id, path, item.old, new, item.note, item.source)
            for item, new in zip(ordered, afters, strict=True)
        ]
    return sorted(found, key=lambda c: (-c.date.toordinal(), c.field))


def recent_changes(catalog: Catalog, count: int | None = RECENT_COUNT) -> list[Change]:
    """The ``count`` newest changes of the catalog (all with ``None``; ties by model id)."""
    found = [change for model in catalog.models.values() for change in changes(model)]
    found.sort(key=lambda c: (-c.date.toordinal(), c.model_id, c.field))
    return found[:count]


def last_updated(catalog: Catalog) -> dt.date | None:
    """The catalog's latest change: newest ``last_updated``, history or ``as_of`` date
    (computed once per catalog: every HTML page asks for it)."""
    if "last_updated" not in catalog.computed:
        dates = [m.last_updated for m in catalog.models.values() if m.last_updated is not None]
        for model in catalog.models.values():
            dates += [item.date for item in model.history]
            dates += [p.as_of for p in model.provenance.values() if p.as_of is not None]
        catalog.computed["last_updated"] = max(dates, default=None)
    found = catalog.computed["last_updated"]
    return found if isinstance(found, dt.date) else None


def value_as_of(model: Model, path: str, day: dt.date) -> Any:
    """The value of ``path`` as known on ``day`` (``None`` when it was not known yet)."""
    later = [item for item in model.history if item.field == path and item.date > day]
    if later:
        return min(later, key=lambda item: item.date).old
    as_of = model.provenance.get(path)
    if as_of is not None and as_of.as_of is not None and as_of.as_of > day:
        return None
    return current_value(model, path)


def released_by(model: Model, day: dt.date) -> bool:
    """Whether ``model`` was released on or before ``day`` (a month counts whole)."""
    released = model.released
    if released is None or released.year is None:
        return False
    return released.sort_key <= (day.year, day.month, day.day)


def model_as_of(model: Model, day: dt.date) -> Model | None:
    """``model`` as it was known on ``day``; ``None`` if it was not released by then.

    Values change to what they were; history after ``day`` is dropped, and so is the
    provenance of a value that differs (it describes the newer value).
    """
    if not released_by(model, day):
        return None
    paths = {item.field for item in model.history} | set(model.provenance)
    values = {path: value_as_of(model, path, day) for path in sorted(paths)}
    changed = {path for path, value in values.items() if value != current_value(model, path)}
    if not changed and all(item.date <= day for item in model.history):
        return model
    update: dict[str, Any] = {
        path: value for path, value in values.items() if not path.startswith(SCORE_PREFIX)
    }
    scores = dict(model.benchmarks)
    for path, value in values.items():
        if path.startswith(SCORE_PREFIX):
            scores[path[len(SCORE_PREFIX) :]] = value
    update["benchmarks"] = {key: value for key, value in scores.items() if value is not None}
    update["history"] = [item for item in model.history if item.date <= day]
    update["provenance"] = {k: v for k, v in model.provenance.items() if k not in changed}
    if model.last_updated is not None and model.last_updated > day:
        update["last_updated"] = None
    return model.model_copy(update=update)


def catalog_as_of(catalog: Catalog, day: dt.date) -> Catalog:
    """The catalog as it stood on ``day``: models released by then, values as known then.

    Registries, origins and thresholds are shared; problems are not repeated. Cached
    on ``catalog``.
    """
    key = f"as_of:{day.isoformat()}"
    cached = catalog.computed.get(key)
    if isinstance(cached, Catalog):
        return cached
    view = Catalog(
        labs=catalog.labs,
        architectures=catalog.architectures,
        benchmarks=catalog.benchmarks,
        tags=catalog.tags,
        thresholds=catalog.thresholds,
        files=catalog.files,
        problems=catalog.problems,  # so that a model left out is still explained
    )
    for model_id, model in catalog.models.items():
        then = model_as_of(model, day)
        if then is None:
            continue
        view.models[model_id] = then
        view.origins[model_id] = catalog.origins[model_id]
        same = then is model
        view.derived[model_id] = (
            catalog.derived[model_id] if same else metrics.derive(then, catalog.thresholds)
        )
    view.derived_models = {
        base: kept
        for base, ids in catalog.derived_models.items()
        if base in view.models and (kept := [i for i in ids if i in view.models])
    }
    catalog.computed[key] = view
    return view


def parse_day(text: str) -> dt.date:
    """``2025-06`` (the month's last day) or ``2025-06-15``; ``ValueError`` otherwise."""
    value = text.strip()
    parts = value.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 1 and 12")
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected YYYY-MM or YYYY-MM-DD, got {value!r}") from None


def month_only(text: str) -> bool:
    """Whether an as-of text names a month (``2025-06``) rather than a day."""
    return text.strip().count("-") == 1
