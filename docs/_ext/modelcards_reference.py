"""Reference tables for the sphinx-modelcards docs, generated from the package itself.

Each table is built from the code (config values, directive option specs, pydantic
fields, leaderboard columns, the filter grammar, the CLI parser, the shipped CSS), so
the reference cannot drift from what the extension does. What the code cannot say
(what an option *means*) lives in the dictionaries below, keyed by name: an option,
role or operator without a description makes the build warn, and so does a
description left over for something that no longer exists. The docs are built with
``-W``, so a new option cannot ship undocumented.

The extension also adds two small helpers for pages whose inputs are made by other
tools: ``mc-gallery`` (whatever screenshots exist) and ``mc-include-if-exists`` (a
file that may not have been generated yet).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import re
import sys
import textwrap
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include as _DocutilsInclude
from pydantic import BaseModel
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

import sphinx_modelcards
from sphinx_modelcards.data import filters, registry, schema
from sphinx_modelcards.data.catalog import Catalog
from sphinx_modelcards.data.metrics import Thresholds, derive
from sphinx_modelcards.sphinxext import config
from sphinx_modelcards.sphinxext import directive as directive_base
from sphinx_modelcards.sphinxext import modelcard as modelcard_module
from sphinx_modelcards.sphinxext.domain import OBJECT_TYPES, ModelcardsDomain
from sphinx_modelcards.sphinxext.render import columns as columns_module

logger = logging.getLogger(__name__)

WARNING_TYPE = "modelcards-docs"

# -------------------------------------------------------------------------------------------
# What the code cannot say: descriptions, keyed by name.
# -------------------------------------------------------------------------------------------

#: Directive name -> option name -> what the option does.
OPTION_DOCS: dict[str, dict[str, str]] = {
    "modelcard": {
        "sections": (
            "Sections to show, in this order, instead of :confval:`modelcards_sections`. "
            "Comma- or space-separated section names."
        ),
        "hide": "Sections to leave out (applied after ``:sections:``).",
        "no-title": (
            "Leave out the card's own heading, so the card sits under a heading of the page."
        ),
        "no-index": (
            "Do not declare the model here: ``:mc:model:`` links and ``objects.inv`` "
            "keep pointing at its other declarations."
        ),
        "profile": (
            "Mark this card as the model's canonical profile (the generated model pages "
            "use it): links prefer it, breadcrumbs are shown, and an *At a glance* line "
            "says where the model stands (``#3 of 46 by ALScore, top 10% on MMLU``)."
        ),
        "charts": (
            "Add a *Charts* section to the card, before *Last updated*: the model's "
            "benchmark scores and its place among nearby releases, where its data has the "
            "figures (the generated model pages use it)."
        ),
        "related": (
            "How many closest models of the same lab to list under Related models "
            "(``0`` for none); overrides :confval:`modelcards_related`."
        ),
        "class": "Extra CSS classes for the card.",
    },
    "leaderboard": {
        "columns": (
            "Columns to show, comma- or space-separated: any column name or alias "
            "(see :doc:`columns`) or a benchmark id. ``rank`` adds a rank column."
        ),
        "sort": (
            "Sort keys, most significant first: ``name`` or ``name:asc`` ascending, "
            "``-name`` or ``name:desc`` descending. Values compare as the cells show them "
            "(scores to one decimal); ``tier`` and ``access`` sort in their defined order "
            "(most powerful tier first, public before limited and private). Missing values "
            "always sort last. The first key is the ranking key."
        ),
        "filter": "Keep only the models for which this expression is true (see :doc:`filters`).",
        "limit": (
            "Rank at most this many models (after filtering and sorting). Models without "
            "a value for the ranking key never count: they follow, unranked."
        ),
        "rank": (
            "Add a rank column in front, even when ``:columns:`` does not list ``rank``. "
            "Ranks are standard competition ranks: models equal, as displayed, on the "
            "ranking key and every other sort key the table shows share a rank (1, 2, 2, "
            "4). A model without a value for the ranking key gets no rank."
        ),
        "unranked": (
            "``show`` (the default) lists the models without a value for the ranking key "
            "after the ranked ones, under a *Not ranked* divider row (when the table shows "
            "ranks); ``hide`` leaves them out."
        ),
        "more-columns": (
            "Columns that are in the table but hidden until the reader picks them in the "
            "*Columns* panel (HTML with JavaScript; other builders and readers without "
            "JavaScript see every column)."
        ),
        "caption": "A caption shown above the table.",
        "class": "Extra CSS classes for the table.",
        "group-by": (
            "Count models instead of listing them: one row per value of this column (for "
            "example ``lab``) with the number of models and their share. Dates count by "
            "year and list fields count each item; ``:limit:`` keeps the largest groups, "
            "``:columns:`` and ``:sort:`` are ignored."
        ),
        "name": "The table's HTML id, so pages can link to it (``#top-models``).",
        "provenance": (
            "``markers`` (the default) follows each value whose provenance status is not "
            "*disclosed* with the card's marker (``est.``, ``claimed``, ``measured``): in "
            "HTML a focusable ``abbr`` whose title holds the details, elsewhere the label in "
            "parentheses. ``none`` leaves them out. Markers never change a rank or a filter."
        ),
        "as-of": (
            "Show the catalog as it stood on a date, ``YYYY-MM`` (the month's last day) or "
            "``YYYY-MM-DD``: only models released by then, each value as it was known then "
            "(see :doc:`../how-to/track-changes`); filters and sorts use those values and "
            "the caption says *As of June 2025*. Wins over :confval:`modelcards_as_of`. "
            "A value that is not a date is a warning at the option's line, and the table "
            "shows the catalog without a date."
        ),
    },
    "mc:lab": {
        "columns": "Columns of the lab's model table (same names as the leaderboard's).",
        "no-title": "Leave out the lab's heading; the page provides its own.",
    },
    "mc:architecture": {
        "columns": "Columns of the architecture's model table.",
        "no-title": "Leave out the architecture's heading; the page provides its own.",
    },
    "mc:tag": {
        "columns": "Columns of the tag's model table.",
        "no-title": "Leave out the tag's heading; the page provides its own.",
    },
    "mc:benchmarks": {},
    "mc:index": {},
    "mc:summary": {},
    "mc:changes": {
        "limit": (
            "How many changes to list, newest first; "
            ":confval:`modelcards_recent_changes` by default."
        ),
    },
    "mc:compare": {},
    "modelcompare": {
        "rows": (
            "Rows to show, in this order: comma- or space-separated column names (fields, "
            "derived figures, benchmark ids)."
        ),
        "no-chart": "Leave out the grouped benchmark bars.",
        "class": "Extra CSS classes on the comparison's container.",
    },
    "modelchart": {
        "filter": "Draw only the models that match this :doc:`filter <filters>`.",
        "model": (
            "Highlight this model (drawn larger, outlined and labelled). For a "
            "``benchmarks`` chart, the model whose scores are drawn."
        ),
        "benchmark": "The benchmark whose scores a ``score-size`` chart draws.",
        "size": (
            "What a ``score-size`` chart puts on its x axis: ``parameters`` (the default) or "
            "``compute``, training compute in FLOP (stated, else about 6 x active parameters "
            "x training tokens), log scale with ticks as powers of ten."
        ),
        "lab": "The lab whose models a ``lab-timeline`` chart draws.",
        "architecture": (
            "Draw the models of this architecture (``params-tokens``); unlike a filter, the "
            "page then depends only on that architecture's models for incremental builds."
        ),
        "title": "The chart's title, instead of the one made from the kind and data.",
        "caption": "Text under the chart (inline markup allowed); defaults to the title.",
        "width": "Width in pixels, 240 to 2000.",
        "height": "Height in pixels, 160 to 2000.",
        "neighbours": (
            "With ``:model:``, draw only that model and its closest releases from the same "
            "lab: as many as the number given, 10 without a number."
        ),
        "class": "Extra CSS classes for the figure.",
    },
}

#: Chart kind -> what the chart shows.
CHART_KIND_DOCS: dict[str, str] = {
    "params-tokens": (
        "Training tokens against parameters, both on log scales, coloured by "
        "architecture, with lines for the compute-optimal ratio and the ALScore tiers."
    ),
    "releases": "How many models were released per quarter (per year over long spans).",
    "benchmarks": "One model's score on each benchmark it reports, as bars.",
    "score-size": (
        "A benchmark's scores against parameters or, with ``:size: compute``, training "
        "compute (log scale), by architecture."
    ),
    "lab-timeline": (
        "A lab's models by release date, against ALScore (or parameters when few models "
        "have an ALScore)."
    ),
    "compute-timeline": (
        "Training compute (FLOP, log scale, ticks as powers of ten) by release date, by "
        "architecture."
    ),
}

#: What each directive takes as its argument(s), keyed by directive name.
ARGUMENT_DOCS: dict[str, str] = {
    "modelcard": ("A model id from the catalog; optional when the body holds the model as YAML."),
    "leaderboard": "",
    "modelcompare": "Model ids from the catalog, separated by commas or spaces (up to eight).",
    "mc:lab": "A lab id.",
    "mc:architecture": "An architecture id.",
    "mc:tag": "A tag id (the slug of the tag's text, such as ``open-weights``).",
    "mc:benchmarks": "",
    "mc:index": "``labs``, ``architectures`` or ``tags``.",
    "mc:summary": "",
    "mc:changes": "",
    "mc:compare": "",
    "modelchart": "The kind of chart (see the table of kinds).",
}

#: Role name (without the ``mc:`` prefix) -> what it links to.
ROLE_DOCS: dict[str, str] = {
    "model": (
        "A model's profile page; without generated pages, its card on the first page "
        "(by page name) that shows it."
    ),
    "lab": "A lab's page.",
    "arch": "An architecture's page.",
    "bench": "A benchmark's entry on the benchmarks page.",
    "tag": "A tag's page. The target may be the tag's text (``Open weights``) or its slug.",
}

#: Option value converters -> how to write the value.
CONVERTER_LABELS: dict[Callable[..., Any], str] = {
    directives.flag: "flag (no value)",
    directives.unchanged: "text",
    directives.unchanged_required: "text",
    directives.positive_int: "integer ≥ 1",
    directives.nonnegative_int: "integer ≥ 0",
    directives.class_option: "CSS class names",
    modelcard_module.sections_option: "section names",
    directive_base.csv_option: "names",
}

#: Named value types of the data format (aliases in ``schema.py``) -> what they accept.
TYPE_DOCS: dict[str, str] = {
    "Slug": (
        "An id: lowercase ASCII letters, digits, ``.``, ``-`` and ``_``, starting with a "
        "letter or digit, at most 120 characters, not a name Windows reserves (``con``, "
        "``nul``...) nor ending in ``.``. Validation suggests a slug for bad input."
    ),
    "BenchmarkId": (
        "A benchmark id: a slug that is not the name of a leaderboard column "
        "(``released``, ``score``...)."
    ),
    "Text": "Text of a line or two: stripped, 1 to 1,000 characters.",
    "LongText": "Prose: stripped, 1 to 20,000 characters.",
    "PositiveNumber": "A finite number above zero.",
    "Score": "A finite number from 0 to 100.",
    "Released": (
        "A release date: ``YYYY-MM``, ``YYYY-MM-DD`` or ``TBA`` (announced, not released). "
        'Quote it in YAML so it stays text: ``"2024-05"``.'
    ),
    "Day": "A calendar date, ``YYYY-MM-DD``.",
    "Url": "An ``http://`` or ``https://`` URL, or a relative link. Other schemes are refused.",
    "Access": "One of ``public``, ``limited``, ``private`` or ``unknown``.",
    "HubId": "A Hugging Face Hub repository id, ``org/name`` (``meta-llama/Llama-3.1-8B``).",
    "ProvenanceStatus": "One of ``disclosed``, ``estimated``, ``claimed`` or ``measured``.",
    "BaseRelation": (
        "One of ``finetune``, ``adapter``, ``quantized``, ``merge`` or ``distillation``."
    ),
    "BaseRef": (
        "A base model: a catalog id, a name (a Hugging Face repository...), or an "
        "``ExternalBase`` mapping ``{name, url}``."
    ),
}

#: Descriptions for schema fields that have no ``Field(description=...)`` in the code
#: (none today: every field has one). ``tests/test_docs.py`` fails on an entry the code
#: has made stale.
FIELD_FALLBACKS: dict[str, dict[str, str]] = {}

_PROVENANCE_COLUMNS = (
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "compute",
)
_PROVENANCE_PARTS = {
    "status": (
        "Provenance status of ``{field}``: disclosed, estimated, claimed, measured or null."
    ),
    "source": "Source of ``{field}``: a URL or a citation, or null.",
    "verified": "Whether ``{field}`` was verified (provenance ``verified``), or null.",
    "method": "How ``{field}`` was obtained (provenance ``method``), or null.",
    "n_shot": "Examples in the prompt for ``{field}`` (provenance ``n_shot``), or null.",
}

#: Descriptions for leaderboard columns that have none in ``render/columns.py``,
#: and for the names that are not plain model columns.
COLUMN_FALLBACKS: dict[str, str] = {
    **{
        f"{field}.{part}": f"{text.format(field=field)} Every benchmark has one too."
        for field in _PROVENANCE_COLUMNS
        for part, text in _PROVENANCE_PARTS.items()
    },
    "released": "Release date. ``TBA`` counts as missing: it sorts last and tests ``== null``.",
    "access": "Access level: public, limited, private or unknown.",
    "architecture": "Architecture (id)",
    "alscore": "ALScore: √(parameters × tokens) ÷ 300, shown to one decimal.",  # noqa: RUF001
    "tier": "ALScore tier label.",
    "compute_optimal": "Whether tokens per parameter reach the compute-optimal ratio.",
    "license": "Licence name or SPDX id.",
    "tags": "Tags, each linked to its tag page.",
    "dataset_types": "Kinds of training data.",
    "base_model": "The model it derives from.",
    "summary": "One-line tagline.",
    # names that are not model columns
    "rank": "Position in the table (1, 2, 3...). Leaderboards only; not a filter field.",
    "lab_name": "The lab's display name (the ``lab`` field is its id). Filters only.",
}

#: Filter operators -> meaning.
OPERATOR_DOCS: dict[str, str] = {
    "==": "Equal. Text ignores case; ``x == null`` tests for a missing value.",
    "!=": "Not equal. False when the value is missing, unless written ``x != null``.",
    "<": "Less than (numbers, dates, text).",
    "<=": "Less than or equal.",
    ">": "Greater than.",
    ">=": "Greater than or equal. ``released >= 2025`` compares the year only.",
    "in": (
        'Membership: ``lab in ["openai", "anthropic"]``; list fields: '
        '``"SOTA" in tags``; text: ``"mini" in name`` (substring).'
    ),
    "not in": "The negation of ``in``; false when the value is missing.",
    "and": "Both sides true. Binds tighter than ``or``.",
    "or": "Either side true.",
    "not": "Negation. ``not (gpqa > 60)`` is true for a model with no GPQA score.",
}

# -------------------------------------------------------------------------------------------
# Node helpers
# -------------------------------------------------------------------------------------------

Cell = str | nodes.Node | Sequence[nodes.Node] | None


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _cell(value: Cell) -> nodes.entry:
    entry = nodes.entry()
    if value is None or value == "":
        return entry
    if isinstance(value, str):
        entry += nodes.paragraph(value, value)
    elif isinstance(value, nodes.Node):
        if isinstance(value, nodes.TextElement | nodes.Text) and not isinstance(
            value, nodes.paragraph | nodes.literal_block
        ):
            para = nodes.paragraph()
            para += value
            entry += para
        else:
            entry += value
    else:
        para = nodes.paragraph()
        for child in value:
            if isinstance(child, nodes.paragraph | nodes.bullet_list | nodes.literal_block):
                entry += child
            else:
                para += child
        if para.children:
            entry.insert(0, para)
    return entry


def make_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[int],
    classes: Sequence[str] = (),
) -> nodes.table:
    """A plain docutils table (header row, body rows)."""
    table = nodes.table(classes=["mc-reference-table", "colwidths-given", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += _cell(header)
    head += row
    group += head
    body = nodes.tbody()
    for values in rows:
        row = nodes.row()
        for value in values:
            row += _cell(value)
        body += row
    group += body
    return table


def _ref(
    target: str, text: str, domain: str = "std", reftype: str = "ref"
) -> addnodes.pending_xref:
    node = addnodes.pending_xref(
        "",
        refdomain=domain,
        reftype=reftype,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )
    node += nodes.inline(text, text)
    return node


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ").strip()


class ReferenceDirective(SphinxDirective):
    """Shared helpers: warnings, parsing short descriptions, labels."""

    def warn(self, message: str, subtype: str = "reference") -> None:
        logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=self.get_location())

    def describe(self, text: str) -> list[nodes.Node]:
        """Inline reST of a description (roles and literals) as inline nodes."""
        parsed, messages = self.parse_inline(text, lineno=self.lineno)
        return [*parsed, *messages]

    def label(self, name: str, node_id: str) -> nodes.target:
        """A target that ``:ref:`name <label>``` can link to."""
        target = nodes.target("", "", ids=[node_id], names=[name])
        self.state.document.note_explicit_target(target)
        return target

    def depends_on(self, *modules: Any) -> None:
        """Re-read this page when the source of these modules (or classes) changes."""
        for item in modules:
            module = (
                sys.modules.get(getattr(item, "__module__", "")) if isinstance(item, type) else item
            )
            path = getattr(module, "__file__", None)
            if path:
                self.env.note_dependency(path)

    def documented(self, kind: str, name: str) -> None:
        """Remember that this page documents ``kind:name`` (checked at the end of reading)."""
        store: dict[str, list[str]] = getattr(self.env, "mc_docs_documented", {})
        self.env.mc_docs_documented = store  # type: ignore[attr-defined]
        store.setdefault(self.env.docname, []).append(f"{kind}:{name}")


# -------------------------------------------------------------------------------------------
# Configuration values
# -------------------------------------------------------------------------------------------


def _default_text(value: Any) -> str:
    if (
        isinstance(value, list | tuple)
        and value
        and all(isinstance(v, list | tuple) for v in value)
    ):
        return "[" + ", ".join(json.dumps(list(v), ensure_ascii=False) for v in value) + "]"
    return repr(value)


class ConfigReference(ReferenceDirective):
    """``.. mc-config-reference::``: every ``modelcards_*`` setting, as a table."""

    def run(self) -> list[nodes.Node]:
        self.depends_on(config)
        std = self.env.get_domain("std")
        rows = []
        index = addnodes.index(entries=[])
        for value in config.CONFIG_VALUES:
            node_id = f"confval-{value.name}"
            target = nodes.target("", "", ids=[node_id])
            std.note_object("confval", value.name, node_id, location=self.get_location())
            index["entries"].append(
                ("pair", f"configuration value; {value.name}", node_id, "", None)
            )
            name_cell = nodes.paragraph()
            name_cell += target
            name_cell += _literal(value.name)
            types_text = ", ".join(t.__name__ for t in value.types)
            details = nodes.paragraph(classes=["mc-config-details"])
            details += nodes.emphasis("", "Default: ")
            details += _literal(_default_text(value.default))
            details += nodes.Text(" · ")
            details += nodes.emphasis("", "Types: ")
            details += nodes.Text(types_text)
            description = nodes.paragraph()
            description.extend(self.describe(value.description))
            rows.append([name_cell, [description, details]])
        table = make_table(["Setting", "Description"], rows, [35, 65], ["mc-config"])
        return [index, table]


# -------------------------------------------------------------------------------------------
# Directive options
# -------------------------------------------------------------------------------------------


def _domain(env: BuildEnvironment, name: str) -> Any:
    try:
        return env.get_domain(name)
    except Exception:
        return None


def directive_class(env: BuildEnvironment, name: str) -> type | None:
    """The class registered for ``name`` (``modelcard`` or ``mc:lab``)."""
    if ":" in name:
        domain_name, _, short = name.partition(":")
        domain = _domain(env, domain_name)
        return domain.directives.get(short) if domain else None
    return directives._directives.get(name)  # the docutils registry


def extension_directives(env: BuildEnvironment) -> list[str]:
    """Every directive sphinx-modelcards registers, by full name."""
    names = [
        name
        for name, cls in sorted(directives._directives.items())
        if isinstance(cls, type) and cls.__module__.startswith("sphinx_modelcards.")
    ]
    domain = _domain(env, ModelcardsDomain.name)
    if domain is not None:
        names += [f"{domain.name}:{short}" for short in sorted(domain.directives)]
    return names


def converter_label(converter: Any) -> str:
    if converter in CONVERTER_LABELS:
        return CONVERTER_LABELS[converter]
    return _first_line(getattr(converter, "__doc__", None)) or getattr(converter, "__name__", "")


class OptionsReference(ReferenceDirective):
    """``.. mc-options-reference:: name``: arguments and options of a directive."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        cls = directive_class(self.env, name)
        if cls is None:
            self.warn(f"mc-options-reference: no directive {name!r} is registered")
            return []
        self.depends_on(cls)
        self.documented("directive", name)
        result: list[nodes.Node] = [self._summary(name, cls)]
        spec: dict[str, Any] = dict(getattr(cls, "option_spec", None) or {})
        docs = OPTION_DOCS.get(name)
        if docs is None:
            self.warn(f"directive {name!r} has no entry in OPTION_DOCS (docs/_ext)")
            docs = {}
        for stale in sorted(set(docs) - set(spec)):
            self.warn(f"OPTION_DOCS[{name!r}] describes {stale!r}, which {name} no longer has")
        if not spec:
            result.append(nodes.paragraph("", "This directive has no options."))
            return result
        rst = self.env.get_domain("rst")
        rows = []
        for option, converter in spec.items():
            description = docs.get(option)
            if description is None:
                self.warn(f"option {name}:{option} has no description in OPTION_DOCS (docs/_ext)")
                description = ""
            node_id = nodes.make_id(f"directive-option-{name}-{option}")
            rst.note_object(
                "directive:option", f"{name}:{option}", node_id, location=self.get_location()
            )
            cell = nodes.paragraph()
            cell += nodes.target("", "", ids=[node_id])
            cell += _literal(f":{option}:")
            rows.append([cell, converter_label(converter), self.describe(description)])
        result.append(
            make_table(["Option", "Value", "Description"], rows, [18, 18, 64], ["mc-options"])
        )
        return result

    def _summary(self, name: str, cls: type) -> nodes.Node:
        required = getattr(cls, "required_arguments", 0)
        optional = getattr(cls, "optional_arguments", 0)
        if name not in ARGUMENT_DOCS:
            self.warn(f"directive {name!r} has no entry in ARGUMENT_DOCS (docs/_ext)")
        argument_text = ARGUMENT_DOCS.get(name, "")
        if required or optional:
            if not argument_text:
                self.warn(f"directive {name!r} takes an argument: describe it in ARGUMENT_DOCS")
            argument: list[nodes.Node] = [
                nodes.emphasis("", "required" if required else "optional"),
                nodes.Text(". "),
                *self.describe(argument_text),
            ]
        else:
            if argument_text:
                self.warn(f"ARGUMENT_DOCS describes an argument {name!r} does not take")
            argument = [nodes.Text("none")]
        fields = nodes.field_list(classes=["mc-directive-summary"])
        for field_name, body in (
            ("Argument", argument),
            ("Body", [nodes.Text(self._body_text(name, cls))]),
        ):
            field = nodes.field()
            field += nodes.field_name(field_name, field_name)
            para = nodes.paragraph()
            para.extend(body)
            field += nodes.field_body("", para)
            fields += field
        return fields

    @staticmethod
    def _body_text(name: str, cls: type) -> str:
        if not getattr(cls, "has_content", False):
            return "none"
        if name == "modelcard":
            return "optional: a model written in YAML, shown instead of a catalog entry."
        return "allowed"


# -------------------------------------------------------------------------------------------
# Roles
# -------------------------------------------------------------------------------------------


class RolesReference(ReferenceDirective):
    """``.. mc-roles-reference::``: the ``mc`` domain's roles."""

    def run(self) -> list[nodes.Node]:
        self.depends_on(ModelcardsDomain)
        domain = self.env.get_domain(ModelcardsDomain.name)
        rst = self.env.get_domain("rst")
        role_types = {role: objtype for objtype, (role, _) in OBJECT_TYPES.items()}
        for stale in sorted(set(ROLE_DOCS) - set(domain.roles)):
            self.warn(f"ROLE_DOCS describes {stale!r}, which the mc domain no longer has")
        rows = []
        for role in sorted(
            domain.roles, key=lambda r: list(role_types).index(r) if r in role_types else 99
        ):
            full = f"{domain.name}:{role}"
            description = ROLE_DOCS.get(role)
            if description is None:
                self.warn(f"role {full} has no description in ROLE_DOCS (docs/_ext)")
                description = ""
            node_id = nodes.make_id(f"role-{full}")
            rst.note_object("role", full, node_id, location=self.get_location())
            cell = nodes.paragraph()
            cell += nodes.target("", "", ids=[node_id])
            cell += _literal(f":{full}:`id`")
            objtype = role_types.get(role, "")
            inventory = f"{domain.name}:{objtype}" if objtype else ""
            rows.append(
                [cell, _literal(inventory) if inventory else "", self.describe(description)]
            )
        return [
            make_table(["Role", "Inventory type", "Links to"], rows, [26, 20, 54], ["mc-roles"])
        ]


# -------------------------------------------------------------------------------------------
# Data schema
# -------------------------------------------------------------------------------------------


def _type_aliases() -> list[tuple[str, Any]]:
    """Named ``Annotated`` and ``Literal`` aliases of ``schema.py``, by name."""
    found = []
    for name, value in vars(schema).items():
        if name.startswith("_"):
            continue
        origin = typing.get_origin(value)
        if origin is typing.Annotated or origin is typing.Literal:
            found.append((name, value))
    return found


def _alias_name(tp: Any) -> str | None:
    for name, value in _type_aliases():
        if value is tp:
            return name
    for name, value in _type_aliases():
        with contextlib.suppress(Exception):
            if value == tp:
                return name
    return None


def _constraints(metadata: Iterable[Any]) -> list[str]:
    words = []
    for item in metadata:
        for attr, symbol in (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
            value = getattr(item, attr, None)
            if value is not None and type(item).__name__ != "FieldInfo":
                words.append(f"{symbol} {value:g}" if isinstance(value, int | float) else "")
        if type(item).__name__ == "FieldInfo":
            words += _constraints(getattr(item, "metadata", ()))
    return [w for w in words if w]


_PLAIN_TYPES = {
    str: "text",
    int: "integer",
    float: "number",
    bool: "true or false",
    dt.date: "date",
    type(None): "null",
}


class TypeFormatter:
    """Readable types with links to the value types table and nested models."""

    def __init__(self) -> None:
        self.models: list[type[BaseModel]] = []

    def __call__(self, tp: Any) -> list[nodes.Node]:
        alias = _alias_name(tp)
        if alias is not None:
            return [_ref(f"mc-type-{alias.lower()}", alias)]
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            base, *metadata = args
            words = _constraints(metadata)
            return [*self(base), *([nodes.Text(" " + " ".join(words))] if words else [])]
        if origin in (typing.Union, types.UnionType):
            kept = [a for a in args if a is not type(None)]
            out: list[nodes.Node] = []
            for index, arg in enumerate(kept):
                if index:
                    out.append(nodes.Text(" or "))
                out += self(arg)
            return out
        if origin is typing.Literal:
            return [nodes.Text("one of "), *_joined([_literal(str(a)) for a in args])]
        if origin is list:
            return [nodes.Text("list of "), *self(args[0])]
        if origin is dict:
            return [nodes.Text("mapping of "), *self(args[0]), nodes.Text(" to "), *self(args[1])]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp not in self.models:
                self.models.append(tp)
            return [_ref(f"mc-schema-{tp.__name__.lower()}", tp.__name__)]
        if tp in _PLAIN_TYPES:
            return [nodes.Text(_PLAIN_TYPES[tp])]
        return [nodes.Text(getattr(tp, "__name__", str(tp)))]


def _joined(items: list[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(sep))
        out.append(item)
    return out


def schema_models() -> dict[str, type[BaseModel]]:
    """Every pydantic model of the data format, by class name."""
    return {
        name: value
        for name, value in vars(schema).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == schema.__name__
        and not name.startswith("_")
    }


def _default_cell(info: Any) -> Cell:
    if info.is_required():
        return None
    if info.default_factory is not None:
        value = info.default_factory()
        return _literal(json.dumps(value))
    if info.default is None:
        return None
    return _literal(json.dumps(info.default))


class SchemaReference(ReferenceDirective):
    """``.. mc-schema-reference:: Model``: the fields of one entry type."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        model = schema_models().get(name)
        if model is None:
            self.warn(f"mc-schema-reference: schema.py has no model {name!r}")
            return []
        self.depends_on(schema)
        self.documented("schema", name)
        hints = typing.get_type_hints(model, include_extras=True)
        fallback = FIELD_FALLBACKS.get(name, {})
        fmt = TypeFormatter()
        rows = []
        for field_name, info in model.model_fields.items():
            description = info.description or fallback.get(field_name)
            if not description:
                self.warn(f"schema field {name}.{field_name} has no description")
                description = ""
            type_nodes = fmt(hints.get(field_name, info.annotation))
            extra = _constraints(info.metadata)
            if extra:
                type_nodes.append(nodes.Text(" " + " ".join(extra)))
            rows.append(
                [
                    _literal(field_name),
                    type_nodes,
                    "yes" if info.is_required() else "",
                    _default_cell(info),
                    self.describe(description),
                ]
            )
        result: list[nodes.Node] = [
            self.label(f"mc-schema-{name.lower()}", f"mc-schema-{name.lower()}")
        ]
        intro = _first_line(model.__doc__)
        if intro:
            result.append(nodes.paragraph(intro, intro, classes=["mc-schema-intro"]))
        result.append(
            make_table(
                ["Field", "Type", "Required", "Default", "Description"],
                rows,
                [18, 22, 9, 11, 40],
                ["mc-schema"],
            )
        )
        return result


class TypesReference(ReferenceDirective):
    """``.. mc-types-reference::``: the named value types the schema uses."""

    def run(self) -> list[nodes.Node]:
        self.depends_on(schema)
        aliases = _type_aliases()
        names = {name for name, _ in aliases}
        for stale in sorted(set(TYPE_DOCS) - names):
            self.warn(f"TYPE_DOCS describes {stale!r}, which schema.py no longer defines")
        fmt = TypeFormatter()
        rows = []
        for name, value in aliases:
            description = TYPE_DOCS.get(name)
            if description is None:
                self.warn(f"value type {name} has no description in TYPE_DOCS (docs/_ext)")
                description = ""
            label = f"mc-type-{name.lower()}"
            cell = nodes.paragraph()
            cell += self.label(label, label)
            cell += _literal(name)
            origin = typing.get_origin(value)
            base = typing.get_args(value)[0] if origin is typing.Annotated else value
            if isinstance(base, type) and issubclass(base, BaseModel):
                based: list[nodes.Node] = [nodes.Text("text")]  # parsed from text in files
            else:
                based = fmt(base)
            rows.append([cell, based, self.describe(description)])
        return [make_table(["Type", "Based on", "Accepts"], rows, [16, 16, 68], ["mc-types"])]


# -------------------------------------------------------------------------------------------
# Leaderboard columns
# -------------------------------------------------------------------------------------------


def _sample_model() -> schema.Model:
    return schema.Model(
        id="sample",
        name="Sample",
        summary="A sample.",
        lab="lab",
        released="2024-05",
        access="public",
        architecture="dense",
        parameters_b=8,
        active_parameters_b=8,
        training_tokens_b=160,
        context_window=8192,
        dataset_types=["web"],
        tags=["Open weights"],
        notes="n",
        license="mit",
        base_model="base",
    )


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, int) for v in value):
        return "date"
    if isinstance(value, list | tuple):
        return "list of text"
    if isinstance(value, str):
        return "text"
    return "—"


class ColumnsReference(ReferenceDirective):
    """``.. mc-columns-reference::``: every column name, alias and what a filter sees."""

    def run(self) -> list[nodes.Node]:
        self.depends_on(columns_module)
        field_columns = columns_module.FIELD_COLUMNS
        aliases: dict[str, list[str]] = {}
        for alias, key in columns_module.ALIASES.items():
            aliases.setdefault(key, []).append(alias)
        for key in aliases:
            if key not in field_columns:
                self.warn(f"alias target {key!r} is not a column")
        empty = Catalog()
        extra_columns = [
            c
            for c in columns_module.known_columns(empty)
            if c not in field_columns and c not in columns_module.ALIASES
        ]
        extra_filters = [f for f in columns_module.filter_fields(empty) if f not in field_columns]
        model = _sample_model()
        derived = derive(model, Thresholds())
        record = columns_module.filter_record(model, derived, Catalog(labs={}))
        known = {*field_columns, *extra_columns, *extra_filters}
        for stale in sorted(set(COLUMN_FALLBACKS) - known):
            self.warn(f"COLUMN_FALLBACKS describes {stale!r}, which is no longer a column")
        rows = []
        for key, spec in field_columns.items():
            description = spec.description or COLUMN_FALLBACKS.get(key)
            if not description:
                self.warn(f"column {key!r} has no description")
                description = ""
            rows.append(
                self._row(
                    key,
                    aliases.get(key, []),
                    spec.header,
                    spec.kind,
                    _value_kind(record.get(key)),
                    description,
                )
            )
        for key in [*extra_columns, *extra_filters]:
            description = COLUMN_FALLBACKS.get(key)
            if not description:
                self.warn(f"column name {key!r} has no description in COLUMN_FALLBACKS")
                description = ""
            kind = _value_kind(record.get(key)) if key in record else "—"
            rows.append(
                self._row(
                    key, aliases.get(key, []), "#" if key == "rank" else "", "", kind, description
                )
            )
        return [
            make_table(
                ["Name", "Aliases", "Header", "Sorts as", "Filter sees", "Description"],
                rows,
                [18, 16, 13, 9, 11, 33],
                ["mc-columns"],
            )
        ]

    def _row(
        self, key: str, aliases: list[str], header: str, kind: str, seen: str, description: str
    ) -> list[Cell]:
        label = f"mc-column-{key}"
        cell = nodes.paragraph()
        cell += nodes.target("", "", ids=[nodes.make_id(label)])
        cell += _literal(key)
        return [
            cell,
            _joined([_literal(a) for a in sorted(aliases)]),
            header,
            kind,
            seen,
            self.describe(description),
        ]


# -------------------------------------------------------------------------------------------
# Filter language
# -------------------------------------------------------------------------------------------


def _docstring_block(title: str) -> str:
    """The literal block that follows ``title ... ::`` in the filters docstring."""
    doc = filters.__doc__ or ""
    match = re.search(rf"^{re.escape(title)}[^\n]*::\n\n((?:[ \t]+\S.*\n|[ \t]*\n)+)", doc, re.M)
    return textwrap.dedent(match[1]).strip("\n") if match else ""


def _docstring_section(start: str, end: str) -> str:
    doc = filters.__doc__ or ""
    match = re.search(rf"^{re.escape(start)}\n(.*?)^{re.escape(end)}", doc, re.M | re.S)
    return textwrap.dedent(match[1]).strip() if match else ""


def _docstring_after_grammar() -> str:
    """The paragraph of further rules after the grammar block."""
    doc = filters.__doc__ or ""
    match = re.search(r"^``letter``.*?(?=\n\n|\Z)", doc, re.M | re.S)
    if not match:
        return ""
    text = match[0]
    # :data:`NAME` -> its value, so the page shows numbers (and needs no Python domain).
    return re.sub(r":data:`(\w+)`", lambda m: f"{getattr(filters, m[1])}", text)


class FilterReference(ReferenceDirective):
    """``.. mc-filter-reference:: grammar|semantics|operators|rules``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0].strip()
        self.depends_on(filters)
        if part == "grammar":
            grammar = _docstring_block("Grammar")
            if not grammar:
                self.warn("the filters module docstring has no 'Grammar ... ::' block")
                return []
            block = nodes.literal_block(grammar, grammar, language="text")
            return [block]
        if part == "semantics":
            text = _docstring_section("Semantics:", "Grammar")
            if not text:
                self.warn("the filters module docstring has no 'Semantics:' section")
                return []
            return self.parse_text_to_nodes(text)
        if part == "rules":
            text = _docstring_after_grammar()
            if not text:
                self.warn("the filters module docstring has no rules paragraph after the grammar")
                return []
            return self.parse_text_to_nodes(text)
        if part == "operators":
            for stale in sorted(set(OPERATOR_DOCS) - set(filters.OPERATORS)):
                self.warn(f"OPERATOR_DOCS describes {stale!r}, which is no longer an operator")
            rows = []
            for op in filters.OPERATORS:
                description = OPERATOR_DOCS.get(op)
                if description is None:
                    self.warn(f"filter operator {op!r} has no description in OPERATOR_DOCS")
                    description = ""
                rows.append([_literal(op), self.describe(description)])
            limits = nodes.paragraph()
            limits += nodes.Text("Limits: a filter is at most ")
            limits += nodes.strong(f"{filters.MAX_LENGTH:,}", f"{filters.MAX_LENGTH:,}")
            limits += nodes.Text(" characters long and nests at most ")
            limits += nodes.strong(str(filters.MAX_DEPTH), str(filters.MAX_DEPTH))
            limits += nodes.Text(" levels of parentheses and ")
            limits += _literal("not")
            limits += nodes.Text(".")
            return [make_table(["Operator", "Meaning"], rows, [15, 85], ["mc-operators"]), limits]
        self.warn(f"mc-filter-reference: unknown part {part!r}")
        return []


# -------------------------------------------------------------------------------------------
# Built-in registries and lists
# -------------------------------------------------------------------------------------------


class BuiltinsReference(ReferenceDirective):
    """``.. mc-builtins:: benchmarks|architectures|tiers|sections|link-kinds``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        self.depends_on(registry, config)
        if kind == "benchmarks":
            rows = [
                [_literal(b.id), b.name, b.description or "", f"{len(b.bands)}"]
                for b in registry.BENCHMARKS
            ]
            return [make_table(["Id", "Name", "Measures", "Bands"], rows, [14, 14, 62, 10])]
        if kind == "architectures":
            rows = [[_literal(a.id), a.name, a.description or ""] for a in registry.ARCHITECTURES]
            return [make_table(["Id", "Name", "Description"], rows, [14, 16, 70])]
        if kind == "tiers":
            rows = []
            bounds = [b for b, _ in registry.ALSCORE_TIERS]
            for index, (bound, label) in enumerate(registry.ALSCORE_TIERS):
                upper = f"below {bounds[index - 1]:g}" if index else "and above"
                shown = f"{bound:.1f} {upper}" if not index else f"{bound:.1f} to {upper}"
                rows.append([label, shown])
            return [make_table(["Tier", "Printed ALScore"], rows, [40, 60], ["mc-tiers"])]
        if kind == "sections":
            return [nodes.paragraph("", "", *_joined([_literal(s) for s in config.SECTIONS]))]
        if kind == "link-kinds":
            rows = [[_literal(k), v] for k, v in registry.LINK_LABELS.items()]
            return [make_table(["Kind", "Shown as"], rows, [30, 70])]
        self.warn(f"mc-builtins: unknown kind {kind!r}")
        return []


class ChartKinds(ReferenceDirective):
    """``.. mc-chart-kinds::``: the ``modelchart`` kinds and the options each accepts."""

    def run(self) -> list[nodes.Node]:
        try:
            chart = importlib.import_module("sphinx_modelcards.sphinxext.chart")
            kinds: Sequence[str] = chart.KINDS
            allowed: dict[str, Iterable[str]] = chart.ALLOWED
            required: dict[str, Iterable[str]] = getattr(chart, "REQUIRED", {})
            common: Iterable[str] = getattr(chart, "_COMMON", ())
        except (ImportError, AttributeError):
            self.warn("mc-chart-kinds: sphinx_modelcards.sphinxext.chart has no KINDS/ALLOWED")
            return []
        self.depends_on(chart)
        for stale in sorted(set(CHART_KIND_DOCS) - set(kinds)):
            self.warn(f"CHART_KIND_DOCS describes {stale!r}, which is no longer a chart kind")
        rows = []
        for kind in kinds:
            description = CHART_KIND_DOCS.get(kind)
            if description is None:
                self.warn(f"chart kind {kind!r} has no description in CHART_KIND_DOCS")
                description = ""
            needs = list(required.get(kind, ()))
            options = sorted(set(allowed.get(kind, ())) - set(common) - set(needs))
            rows.append(
                [
                    _literal(kind),
                    self.describe(description),
                    _joined([_literal(f":{o}:") for o in needs]),
                    _joined([_literal(f":{o}:") for o in options]),
                ]
            )
        note = nodes.paragraph()
        note += nodes.Text("Every kind also accepts ")
        note.extend(_joined([_literal(f":{o}:") for o in sorted(common)]))
        note += nodes.Text(".")
        return [
            make_table(
                ["Kind", "Draws", "Needs", "Also accepts"], rows, [16, 44, 14, 26], ["mc-charts"]
            ),
            note,
        ]


# -------------------------------------------------------------------------------------------
# CSS custom properties
# -------------------------------------------------------------------------------------------

_CSS_VAR = re.compile(r"(--mc-[\w-]+)\s*:\s*([^;]+);")


class CssVariables(ReferenceDirective):
    """``.. mc-css-variables::``: the custom properties the shipped stylesheets define."""

    def run(self) -> list[nodes.Node]:
        static = Path(sphinx_modelcards.__file__).parent / "static"
        rows = []
        seen: set[str] = set()
        for css in sorted(static.glob("*.css"), key=lambda p: (p.name != "modelcards.css", p.name)):
            self.env.note_dependency(str(css))
            text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
            for name, value in _CSS_VAR.findall(text):
                if name in seen:
                    continue
                seen.add(name)
                rows.append([_literal(name), _literal(" ".join(value.split())), _literal(css.name)])
        if not rows:
            return [nodes.paragraph("", "The stylesheets define no custom properties yet.")]
        return [
            make_table(
                ["Property", "Default (light)", "Stylesheet"], rows, [40, 35, 25], ["mc-css-vars"]
            )
        ]


# -------------------------------------------------------------------------------------------
# Command line
# -------------------------------------------------------------------------------------------

PARSER_FUNCTIONS = ("build_parser", "make_parser", "get_parser", "create_parser", "parser")
PROGRAM = "sphinx-modelcards"


def cli_parser() -> argparse.ArgumentParser | None:
    """The CLI's parser, when ``sphinx_modelcards.cli`` exposes a function that builds it."""
    try:
        cli = importlib.import_module("sphinx_modelcards.cli")
    except Exception:
        return None
    for name in PARSER_FUNCTIONS:
        func = getattr(cli, name, None)
        if isinstance(func, argparse.ArgumentParser):
            return func
        if callable(func):
            saved = sys.argv[0]
            sys.argv[0] = PROGRAM
            try:
                parser = func()
            except Exception:
                continue
            finally:
                sys.argv[0] = saved
            if isinstance(parser, argparse.ArgumentParser):
                return parser
    return None


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) in seen:
                    continue
                seen.add(id(sub))
                found.append((name, sub, helps.get(name, "")))
    return found


class CliReference(ReferenceDirective):
    """``.. mc-cli-reference::``: the commands, from the argparse parser.

    Until ``sphinx_modelcards.cli`` exposes a parser-building function, the
    directive's own content (a hand-written reference) is shown instead.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        parser = cli_parser()
        if parser is None:
            logger.info("[docs] no CLI parser found; using the hand-written CLI reference")
            return self.parse_content_to_nodes(allow_section_headings=True)
        self.documented("cli", PROGRAM)
        self.depends_on(sys.modules.get("sphinx_modelcards.cli"))
        result: list[nodes.Node] = []
        usage = parser.format_usage().strip().removeprefix("usage: ")
        result.append(nodes.literal_block(usage, usage, language="text"))
        if parser.description:
            result.append(nodes.paragraph(parser.description, parser.description))
        if exit_status := cli_exit_status():
            result.append(nodes.paragraph(exit_status, exit_status))
        result += self._options(PROGRAM, parser)
        for name, sub, help_text in _subcommands(parser):
            program = f"{PROGRAM} {name}"
            section = nodes.section(ids=[nodes.make_id(f"cli-{name}")], names=[f"cli-{name}"])
            self.state.document.note_implicit_target(section)
            title = f"{PROGRAM} {name}"
            section += nodes.title(title, "", _literal(title))
            text = sub.description or help_text
            if text:
                section += nodes.paragraph(text, text)
            sub_usage = sub.format_usage().strip().removeprefix("usage: ")
            section += nodes.literal_block(sub_usage, sub_usage, language="text")
            section.extend(self._options(program, sub))
            if sub.epilog:
                section += nodes.paragraph(sub.epilog, sub.epilog)
            result.append(section)
        return result

    def _options(self, program: str, parser: argparse.ArgumentParser) -> list[nodes.Node]:
        std = self.env.get_domain("std")
        rows = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
                continue
            names = list(action.option_strings) or [action.metavar or action.dest]
            takes_value = bool(action.option_strings) and action.nargs != 0
            metavar = ""
            if takes_value:
                metavar = str(action.metavar or action.dest.upper())
                if action.choices:
                    metavar = "{" + ",".join(map(str, action.choices)) + "}"
            cell = nodes.paragraph()
            for index, opt in enumerate(names):
                node_id = nodes.make_id(f"cmdoption-{program}-{opt}")
                if index:
                    cell += nodes.Text(", ")
                cell += nodes.target("", "", ids=[node_id])
                std.add_program_option(program, opt, self.env.docname, node_id)
                cell += _literal(f"{opt} {metavar}" if metavar else opt)
            default = action.default
            default_cell: Cell = None
            if default not in (None, False, argparse.SUPPRESS) and action.option_strings:
                default_cell = _literal(str(default))
            help_text = (action.help or "").replace("%(default)s", str(default))
            help_text = help_text.replace("%(prog)s", parser.prog)
            notes = []
            if help_text:
                notes.append(help_text[:1].upper() + help_text[1:])
            if action.choices and not action.option_strings:
                notes.append("One of " + ", ".join(map(str, action.choices)))
            if getattr(action, "required", False) and action.option_strings:
                notes.append("Required")
            if isinstance(action, argparse._AppendAction):
                notes.append("Repeat for several")
            if not action.option_strings and action.nargs in ("+", "*"):
                notes.append("One or more" if action.nargs == "+" else "Any number")
            rows.append(
                [
                    cell,
                    default_cell,
                    ". ".join(n.rstrip(".") for n in notes) + ("." if notes else ""),
                ]
            )
        if not rows:
            return []
        return [make_table(["Argument", "Default", "Description"], rows, [32, 12, 56], ["mc-cli"])]


def cli_exit_status() -> str:
    """The "Exit status" sentence of the CLI module's docstring, if it has one."""
    try:
        cli = importlib.import_module("sphinx_modelcards.cli")
    except Exception:
        return ""
    match = re.search(r"^Exit status.*?(?=\n\n|\Z)", cli.__doc__ or "", re.M | re.S)
    return " ".join(match[0].split()) if match else ""


# -------------------------------------------------------------------------------------------
# Files made by other tools: screenshots, benchmark results
# -------------------------------------------------------------------------------------------


def _watch(env: BuildEnvironment, path: Path, pattern: str | None) -> None:
    """Re-read the current page when ``path`` (or the files matching ``pattern`` in it) change."""
    store: dict[str, list[tuple[str, str, str]]] = getattr(env, "mc_docs_watch", {})
    env.mc_docs_watch = store  # type: ignore[attr-defined]
    store.setdefault(env.docname, []).append((str(path), pattern or "", _signature(path, pattern)))


def _signature(path: Path, pattern: str | None) -> str:
    if pattern is None:
        return "present" if path.is_file() else "missing"
    return "\n".join(sorted(p.name for p in path.glob(pattern))) if path.is_dir() else ""


def _caption(stem: str) -> str:
    words = stem.replace("_", "-").split("-")
    text = " ".join(words)
    return text[:1].upper() + text[1:]


class Gallery(ReferenceDirective):
    """``.. mc-gallery:: _static/gallery``: every PNG in a folder, as figures.

    Missing or empty folders give the directive's content (or a short note), not a
    warning: the screenshots are made by a separate script.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"width": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        folder_arg = self.arguments[0].strip().strip("/")
        folder = Path(self.env.srcdir) / folder_arg
        _watch(self.env, folder, "*.png")
        images = sorted(folder.glob("*.png")) if folder.is_dir() else []
        if not images:
            if self.content:
                return self.parse_content_to_nodes()
            return [nodes.paragraph("", "No screenshots yet.")]
        container = nodes.container(classes=["mc-gallery"])
        for image in images:
            self.env.note_dependency(str(image))
            figure = nodes.figure(classes=["mc-gallery-item"])
            caption = _caption(image.stem)
            img = nodes.image(uri=f"/{folder_arg}/{image.name}", alt=caption)
            if "width" in self.options:
                img["width"] = self.options["width"]
            figure += img
            figure += nodes.caption(caption, caption)
            container += figure
        return [container]


class IncludeIfExists(_DocutilsInclude, SphinxDirective):
    """``.. mc-include-if-exists:: path``: include a reST file, or show the content if absent.

    The page is re-read when the file appears or disappears.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        _rel, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename)
        _watch(self.env, path, None)
        if not path.is_file():
            return self.parse_content_to_nodes(allow_section_headings=True) if self.content else []
        self.env.note_dependency(str(path))
        self.arguments[0] = str(path)
        self.content = type(self.content)([])  # docutils' include refuses a body
        return list(super().run())


# -------------------------------------------------------------------------------------------
# Events: re-read watched pages, check nothing is left undocumented
# -------------------------------------------------------------------------------------------


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    store: dict[str, list[tuple[str, str, str]]] = getattr(env, "mc_docs_watch", {})
    stale = []
    for docname, watched in store.items():
        if docname in removed or docname in changed:
            continue
        for path, pattern, signature in watched:
            if _signature(Path(path), pattern or None) != signature:
                stale.append(docname)
                break
    return stale


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for attr in ("mc_docs_watch", "mc_docs_documented"):
        getattr(env, attr, {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for attr in ("mc_docs_watch", "mc_docs_documented"):
        mine = getattr(env, attr, {})
        setattr(env, attr, mine)
        for docname, value in getattr(other, attr, {}).items():
            if docname in docnames:
                mine[docname] = value


def _check_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about directives and schema models that no reference page documents."""
    if not app.config.modelcards_reference_check:
        return
    documented = {key for keys in getattr(env, "mc_docs_documented", {}).values() for key in keys}
    wanted = [f"directive:{name}" for name in extension_directives(env)]
    wanted += [
        f"schema:{name}" for name in schema_models() if name not in {"CatalogFile", "ReleaseDate"}
    ]
    for key in wanted:
        if key not in documented:
            kind, _, name = key.partition(":")
            helper = "mc-options-reference" if kind == "directive" else "mc-schema-reference"
            logger.warning(
                "%s %r is not documented: add '.. %s:: %s' to a reference page",
                kind,
                name,
                helper,
                name,
                type=WARNING_TYPE,
                subtype="missing",
            )


def _publish_schemas(app: Sphinx, exception: BaseException | None) -> None:
    """Write the JSON Schemas of the data files beside the HTML (``schema/v<N>/<kind>.json``).

    Editors can then point at the published site instead of a local copy. Files are
    written only when their content changes.
    """
    if exception is not None or app.builder.format != "html":
        return
    try:
        cli = importlib.import_module("sphinx_modelcards.cli")
        kinds = list(cli.SCHEMA_KINDS)
        make = cli.json_schema
    except (ImportError, AttributeError):
        return
    folder = Path(app.outdir) / "schema" / f"v{schema.SCHEMA_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        text = json.dumps(make(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        target = folder / f"{kind}.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the reference directives."""
    app.add_config_value(
        "modelcards_reference_check",
        True,
        "env",
        types=(bool,),
        description="Warn when a directive or schema model is undocumented.",
    )
    app.add_directive("mc-config-reference", ConfigReference)
    app.add_directive("mc-options-reference", OptionsReference)
    app.add_directive("mc-roles-reference", RolesReference)
    app.add_directive("mc-schema-reference", SchemaReference)
    app.add_directive("mc-types-reference", TypesReference)
    app.add_directive("mc-columns-reference", ColumnsReference)
    app.add_directive("mc-filter-reference", FilterReference)
    app.add_directive("mc-builtins", BuiltinsReference)
    app.add_directive("mc-css-variables", CssVariables)
    app.add_directive("mc-chart-kinds", ChartKinds)
    app.add_directive("mc-cli-reference", CliReference)
    app.add_directive("mc-gallery", Gallery)
    app.add_directive("mc-include-if-exists", IncludeIfExists)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_documented)
    app.connect("build-finished", _publish_schemas)
    return {
        "version": "1",
        # Pages made by this extension are re-read whenever its code changes.
        "env_version": zlib.crc32(Path(__file__).read_bytes()),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
