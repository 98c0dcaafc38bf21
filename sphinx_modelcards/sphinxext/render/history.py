"""Dated changes as docutils nodes: a profile's "History" and the "Recent changes" list.

Notes and sources are text from data files: always ``Text`` nodes (escaped, never
parsed as markup); a source becomes a link only when it is an http(s) URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes

from ...data import metrics
from ...data.history import Change
from ...data.schema import SCORE_PREFIX
from .. import i18n
from ..i18n import _
from . import nodes as n

_FORMATTERS = {
    "parameters_b": metrics.format_billions,
    "active_parameters_b": metrics.format_billions,
    "training_tokens_b": metrics.format_tokens,
    "context_window": metrics.format_count,
    "training_compute_flop": metrics.format_flop,
}


def field_label(path: str, benchmark_names: Mapping[str, str]) -> str:
    """``Parameters``, ``MMLU``... for a field path."""
    if path.startswith(SCORE_PREFIX):
        bench_id = path[len(SCORE_PREFIX) :]
        return benchmark_names.get(bench_id, bench_id)
    labels = {
        "parameters_b": _("Parameters"),
        "active_parameters_b": _("Active parameters"),
        "training_tokens_b": _("Training tokens"),
        "context_window": _("Context window"),
        "training_compute_flop": _("Training compute"),
    }
    return str(labels.get(path, path))


def format_value(path: str, value: Any) -> str:
    """A value as the card prints it, with the language's separators; ``unknown`` for
    ``None``."""
    if value is None:
        return str(_("unknown"))
    if path.startswith(SCORE_PREFIX):
        return i18n.number(metrics.format_score(value))
    return i18n.number(_FORMATTERS.get(path, str)(value))


def change_text(change: Change, benchmark_names: Mapping[str, str]) -> str:
    """``MMLU: 87.2 → 88.7`` (plain text)."""
    return _("{field}: {old} → {new}").format(
        field=field_label(change.field, benchmark_names),
        old=format_value(change.field, change.old),
        new=format_value(change.field, change.new),
    )


def _tail(change: Change) -> list[nodes.Node | str]:
    """The note and the source of a change, as escaped text and a safe link."""
    parts: list[nodes.Node | str] = []
    if change.note:
        parts += [" — ", " ".join(change.note.split())]
    if change.source:
        source = change.source
        is_url = source.lower().startswith(("http://", "https://"))
        parts += [" (", n.external(source, str(_("source"))) if is_url else source, ")"]
    return parts


def history_list(changes: Sequence[Change], benchmark_names: Mapping[str, str]) -> nodes.Node:
    """A profile's changes, newest first: date, what changed, note and source."""
    return n.bullet_list(
        [
            [
                n.inline(change.date.isoformat(), classes=["mc-history-date"]),
                " ",
                change_text(change, benchmark_names),
                *_tail(change),
            ]
            for change in changes
        ],
        classes=["mc-history"],
    )


def recent_list(
    changes: Sequence[Change], names: Mapping[str, str], benchmark_names: Mapping[str, str]
) -> nodes.Node:
    """The catalog's recent changes, each linked to its model's page."""
    return n.bullet_list(
        [
            [
                n.inline(change.date.isoformat(), classes=["mc-history-date"]),
                " ",
                n.xref("model", change.model_id, names.get(change.model_id, change.model_id)),
                ": ",
                change_text(change, benchmark_names),
                *_tail(change),
            ]
            for change in changes
        ],
        classes=["mc-history", "mc-recent-changes"],
    )


def as_of_caption(caption: str | None, day: dt.date, month_only: bool) -> str:
    """``As of June 2025``, or ``Top models, as of June 2025`` after a given caption."""
    date = i18n.long_date(day, month_only)
    if caption:
        return _("{caption}, as of {date}").format(caption=caption, date=date)
    return _("As of {date}").format(date=date)
