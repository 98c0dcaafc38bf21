"""The wording of validation problems: where in an entry, what was found, what was expected."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from .hints import did_you_mean
from .schema import (
    provenance_key_path,
)

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
#: What happens to a history entry that cannot be read (no date, a bad source...).
HISTORY_LEFT_OUT = "the history entry is left out"
#: Ends the message of a ``history`` that is not a list: the model stays, without history.
WHOLE_HISTORY_LEFT_OUT = "the history is left out"
