"""Where a card's numbers come from: a marker beside each value and a numbered source list.

A value whose status is anything but *disclosed* gets a short marker (``est.``,
``claimed``, ``measured``) whose title holds the details, shown on hover and read
by assistive technology; a value with a source gets ``[n]``, a link to the n-th
entry of the card's "Sources" section. Provenance never changes a value's rank.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping

from docutils import nodes

from ...data.schema import PROVENANCE_FIELDS, SCORE_PREFIX, Model, Provenance
from ..i18n import N_, _
from . import nodes as n

#: Short marker text per status; disclosed values get none.
STATUS_MARKERS = {"estimated": N_("est."), "claimed": N_("claimed"), "measured": N_("measured")}

#: Each status as the details of a marker name it.
STATUSES = {
    "disclosed": N_("disclosed"),
    "estimated": N_("estimated"),
    "claimed": N_("claimed"),
    "measured": N_("measured"),
}

#: Readable names of the numbers that can carry provenance.
FIELD_LABELS = {
    "parameters_b": N_("Parameters"),
    "active_parameters_b": N_("Active parameters"),
    "training_tokens_b": N_("Training tokens"),
    "context_window": N_("Context window"),
}


def ordered_keys(model: Model) -> list[str]:
    """Provenance keys in card order: the specs, then scores as the model lists them."""
    keys = [key for key in PROVENANCE_FIELDS if key in model.provenance]
    keys += [
        f"{SCORE_PREFIX}{b}" for b in model.benchmarks if f"{SCORE_PREFIX}{b}" in model.provenance
    ]
    return keys


def source_numbers(model: Model) -> dict[str, int]:
    """The number of each distinct source, by first use in card order."""
    numbers: dict[str, int] = {}
    for key in ordered_keys(model):
        source = model.provenance[key].source
        if source and source not in numbers:
            numbers[source] = len(numbers) + 1
    return numbers


def source_anchor(model_anchor: str, number: int) -> str:
    """The HTML id of a card's n-th source."""
    return f"{model_anchor}-source-{number}"


def details(info: Provenance) -> str:
    """``estimated; source: ...; as of 2024-07-23; 5-shot; method: ...; verified``."""
    parts: list[str] = [
        _(STATUSES.get(info.status, info.status)) if info.status else _("status not given")
    ]
    if info.source:
        parts.append(_("source: {source}").format(source=info.source))
    if info.as_of:
        parts.append(_("as of {date}").format(date=info.as_of.isoformat()))
    if info.n_shot is not None:
        parts.append(_("{n}-shot").format(n=info.n_shot))
    if info.method:
        parts.append(_("method: {method}").format(method=info.method))
    if info.verified is not None:
        parts.append(_("verified") if info.verified else _("not verified"))
    return "; ".join(parts)


def marker(model: Model, key: str, model_anchor: str) -> list[nodes.Node]:
    """The marker and source reference of one value (nothing without provenance)."""
    info = model.provenance.get(key)
    if info is None:
        return []
    out: list[nodes.Node] = []
    label = STATUS_MARKERS.get(info.status or "")
    if label:
        label = _(label)
        abbr = nodes.abbreviation(label, label, explanation=details(info))
        abbr["classes"] = ["mc-provenance", f"mc-provenance-{info.status}"]
        out += [nodes.Text(" "), abbr]
    number = source_numbers(model).get(info.source or "")
    if number:
        ref = nodes.reference(
            "", f"[{number}]", refid=source_anchor(model_anchor, number), classes=["mc-source-ref"]
        )
        ref["reftitle"] = details(info)
        out += [nodes.Text(" "), ref]
    return out


#: Class of the markers in table cells: focusable in HTML, short text elsewhere.
CELL_MARKER = "mc-provenance-cell"


#: Columns named otherwise than the field whose provenance they show.
COLUMN_FIELDS = {"compute": "training_compute_flop"}


def key_of(column: str, benchmarks: Collection[str]) -> str | None:
    """The provenance key of a table column (``mmlu`` -> ``benchmarks.mmlu``), if any.

    ``compute`` shows the stated ``training_compute_flop`` and its provenance (an
    estimate made from parameters and tokens has none).
    """
    column = COLUMN_FIELDS.get(column, column)
    if column in PROVENANCE_FIELDS:
        return column
    return f"{SCORE_PREFIX}{column}" if column in benchmarks else None


def cell_marker(model: Model, key: str) -> nodes.abbreviation | None:
    """The marker of a table cell's value: only for a status other than *disclosed*.

    The same ``abbr`` as on cards, with :data:`CELL_MARKER`; :func:`finish_cell_markers`
    makes it focusable in HTML and short text in other formats.
    """
    info = model.provenance.get(key)
    label = STATUS_MARKERS.get((info.status or "") if info else "")
    if info is None or not label:
        return None
    abbr = nodes.abbreviation(label, label, explanation=details(info))
    abbr["classes"] = ["mc-provenance", f"mc-provenance-{info.status}", CELL_MARKER]
    return abbr


def finish_cell_markers(document: nodes.Node, html_output: bool) -> None:
    """Cell markers as written: a focusable ``<abbr>`` whose title holds the details
    (HTML), or the label in parentheses (text, LaTeX...: a table cell has no room for
    the details, which the model's card lists)."""
    for abbr in list(document.findall(nodes.abbreviation)):
        if CELL_MARKER not in abbr["classes"]:
            continue
        label = abbr.astext()
        if not html_output:
            short = f"({label})"
            abbr.replace_self(nodes.inline(short, short, classes=abbr["classes"]))
            continue
        classes = " ".join(c for c in abbr["classes"] if c != CELL_MARKER)
        title = html.escape(abbr.get("explanation", ""), quote=True)
        markup = (
            f'<abbr class="{classes} {CELL_MARKER}" title="{title}" tabindex="0">'
            f"{html.escape(label)}</abbr>"
        )
        raw = nodes.raw("", markup, format="html")
        abbr.replace_self(raw)
        raw["classes"] = []  # replace_self copies them; the writer would wrap a span


def marked(model: Model, key: str, text: str, model_anchor: str) -> str | list[nodes.Node]:
    """``text`` followed by its marker; plain text when the value has no provenance."""
    extra = marker(model, key, model_anchor)
    return [nodes.Text(text), *extra] if extra else text


def sources_list(
    model: Model, model_anchor: str, names: Mapping[str, str] | None = None
) -> nodes.enumerated_list | None:
    """The numbered sources, each naming the values it backs (benchmarks by ``names``)."""
    numbers = source_numbers(model)
    if not numbers:
        return None
    backs: dict[str, list[str]] = {source: [] for source in numbers}
    for key in ordered_keys(model):
        source = model.provenance[key].source
        if source:
            backs[source].append(_label(key, names or {}))
    listing = nodes.enumerated_list(enumtype="arabic", classes=["mc-sources"])
    for source, number in numbers.items():
        item = nodes.list_item(ids=[source_anchor(model_anchor, number)])
        url = source if source.lower().startswith(("http://", "https://")) else None
        body: list[nodes.Node | str] = [n.external(url, source) if url else source]
        body.append(f" ({', '.join(backs[source])})")
        item += n.para(*body)
        listing += item
    return listing


def _label(key: str, names: Mapping[str, str]) -> str:
    if key.startswith(SCORE_PREFIX):
        bench_id = key[len(SCORE_PREFIX) :]
        return names.get(bench_id, bench_id)
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key
