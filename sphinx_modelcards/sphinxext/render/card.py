"""A model's profile as docutils nodes: every section of the legacy card, from one model."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes

from ...data import metrics, registry
from ...data.catalog import Catalog
from ...data.history import changes
from ...data.schema import Model, slugify, spdx_url
from .. import i18n
from ..i18n import N_, _
from . import nodes as n
from . import provenance as prov
from .history import history_list
from .lineage import has_lineage, lineage_svg


@dataclass(frozen=True)
class CardOptions:
    """What to show: sections in order, whether to show the title and breadcrumbs."""

    sections: tuple[str, ...]
    title: bool = True
    breadcrumbs: bool = False
    related: int = 5
    #: Where the model stands in the catalog ("#3 of 46 by ALScore, ..."), or empty.
    standing: str = ""
    #: Only the frame: the title and each shown section with its title, no content.
    outline: bool = False


class _Outlined(Exception):  # noqa: N818 (not an error: a section known by its title)
    """Raised by :func:`_sub` when only the card's outline is wanted: the section is
    shown, here is its frame, and its content is not needed."""

    def __init__(self, section: nodes.section) -> None:
        super().__init__(section["ids"][0])
        self.section = section


def model_anchor(model_id: str) -> str:
    """The HTML id of a model's card."""
    return f"mc-model-{model_id}"


def access_badge(access: str) -> nodes.inline:
    """``Public``, ``Limited``... as a badge."""
    known = registry.ACCESS_LABELS.get(access)
    return n.badge(_(known) if known else access.title(), access)


def build_card(model: Model, catalog: Catalog, options: CardOptions) -> list[nodes.Node]:
    """The card of ``model``: a titled section, or its parts when the title is off.

    With ``options.outline`` (and a title) only the frame: the card's title and, for each
    section the card shows, a section with its ids, classes and title.
    """
    derived = catalog.derived.get(model.id) or metrics.derive(model, catalog.thresholds)
    if options.outline and options.title:
        card = n.section(model.name, model_anchor(model.id), classes=["mc-card"])
        card.extend(_frames(model, catalog, derived, options))
        return [card]
    parts: list[nodes.Node] = []
    if options.breadcrumbs:
        parts.append(_breadcrumbs(model, catalog))
    if model.summary:
        parts.append(n.para(model.summary, classes=["mc-summary"]))
    parts.append(_identity(model, catalog))
    if options.standing:
        parts.append(
            n.para(n.strong(_("At a glance")), ": ", options.standing, classes=["mc-standing"])
        )
    for name in options.sections:
        builder = _SECTIONS[name]
        section = builder(model, catalog, derived, options)
        if section is not None:
            parts.append(section)
    if not options.title:
        return parts
    card = n.section(model.name, model_anchor(model.id), classes=["mc-card"])
    card.extend(parts)
    return [card]


def _frames(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> list[nodes.section]:
    """The sections the card shows, each with its title only."""
    frames = []
    for name in options.sections:
        try:
            _SECTIONS[name](model, catalog, derived, options)
        except _Outlined as outlined:
            frames.append(outlined.section)
    return frames


def fill_outline(outline: nodes.section, card: nodes.section) -> None:
    """Put ``card``'s content into ``outline``, the same card built with
    ``CardOptions.outline`` (plus sections added whole, such as charts): each framed
    section keeps the nodes it was read with (its title, and any change another extension
    made to them) and gets its content back; sections added whole stay, after the others."""
    frames = {
        child["ids"][0]: child
        for child in outline.children[1:]
        if isinstance(child, nodes.section) and child["ids"]
    }
    merged: list[nodes.Node] = [outline[0]]
    for child in card.children[1:]:
        frame = None
        if isinstance(child, nodes.section) and child["ids"]:
            frame = frames.pop(child["ids"][0], None)
        if frame is None:
            merged.append(child)
            continue
        frame.extend(child.children[1:])
        merged.append(frame)
    merged.extend(frames.values())  # kept whole (the charts)
    outline.children = []
    outline.extend(merged)


def _sub(model: Model, options: CardOptions, key: str, title: str) -> nodes.section:
    """A section of the card; in an outline, its frame ends the section's builder."""
    section = n.section(title, f"{model_anchor(model.id)}-{key}", classes=[f"mc-section-{key}"])
    if options.outline:
        raise _Outlined(section)
    return section


def _breadcrumbs(model: Model, catalog: Catalog) -> nodes.paragraph:
    trail: list[nodes.Node] = [
        n.xref("lab", model.lab, catalog.lab_name(model.lab)),
    ]
    if model.architecture:
        arch = n.xref(
            "architecture", model.architecture, catalog.architecture_name(model.architecture)
        )
        trail += [nodes.Text(" · "), arch]
    return n.para(*trail, classes=["mc-breadcrumbs"])


def _identity(model: Model, catalog: Catalog) -> nodes.field_list:
    released = i18n.release(model.released, _("Unknown"))
    return n.field_list(
        [
            (_("Organization"), n.xref("lab", model.lab, catalog.lab_name(model.lab))),
            (_("Released"), released),
            (_("Access"), access_badge(model.access)),
        ],
        classes=["mc-identity"],
    )


def _overview(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section:
    section = _sub(model, options, "overview", _("Overview"))
    section += n.para(overview_sentence(model, catalog, derived))
    return section


def overview_sentence(model: Model, catalog: Catalog, derived: metrics.Derived) -> str:
    """A one-paragraph description made from the data (no invented claims)."""
    lab = catalog.lab_name(model.lab)
    if model.architecture:
        arch = catalog.architecture_name(model.architecture)
        kind = kind_phrase(arch) if i18n.english() else arch
        if _article(f"{kind} model") == "an":
            sentence = _("{name} is an {kind} model from {lab}")
        else:
            sentence = _("{name} is a {kind} model from {lab}")
        sentence = sentence.format(name=model.name, kind=kind, lab=lab)
    else:
        sentence = _("{name} is a model from {lab}").format(name=model.name, lab=lab)
    if model.parameters_b is not None:
        sentence += _(" with {parameters} parameters").format(
            parameters=i18n.number(metrics.format_billions(model.parameters_b))
        )
        if model.active_parameters_b is not None:
            sentence += _(" ({active} active)").format(
                active=i18n.number(metrics.format_billions(model.active_parameters_b))
            )
    if model.training_tokens_b is not None:
        tokens = i18n.number(metrics.format_tokens(model.training_tokens_b))
        if model.parameters_b is not None:
            sentence += _(" trained on {tokens} tokens").format(tokens=tokens)
        else:
            sentence += _(", trained on {tokens} tokens").format(tokens=tokens)
    if model.released and not model.released.tba:
        sentence += _(", released {date}").format(date=i18n.release(model.released))
    elif model.released:
        sentence += _(", announced but not yet released")
    sentence += _(".")
    if derived.tier:
        sentence += _(" Its ALScore is {score} ({tier}).").format(
            score=i18n.number(metrics.format_alscore(derived.alscore)), tier=_(derived.tier)
        )
    return sentence


def kind_phrase(name: str) -> str:
    """An architecture's name as it reads mid-sentence before "model": a capitalised
    first word is lower-cased ("Dense transformer" -> "dense transformer"), acronyms and
    camel case stay ("MoE", "MatFormer"), and "X of Y" is hyphenated
    ("Mixture of experts" -> "mixture-of-experts")."""
    first, __, rest = name.partition(" ")
    if first[:1].isupper() and first[1:].islower():
        first = first.lower()
    phrase = f"{first} {rest}".strip()
    words = phrase.split(" ")
    if len(words) == 3 and words[1] == "of" and "(" not in phrase:
        phrase = "-".join(words)
    return phrase


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith(("MoE", "MatFormer")) else "a"


def _specs(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section:
    section = _sub(model, options, "specs", _("Technical specifications"))
    arch: nodes.Node | str | None = None
    if model.architecture:
        arch = n.xref(
            "architecture", model.architecture, catalog.architecture_name(model.architecture)
        )
    anchor = model_anchor(model.id)
    ratio = None
    if derived.ratio is not None:
        judged = verdict(derived.compute_optimal, catalog.thresholds.compute_optimal_ratio)
        ratio = f"{i18n.number(metrics.format_ratio(derived.ratio))} — {judged}"
    section += n.field_list(
        [
            (_("Architecture"), arch or "-"),
            (
                _("Parameters"),
                prov.marked(
                    model,
                    "parameters_b",
                    i18n.number(metrics.format_billions(model.parameters_b)),
                    anchor,
                ),
            ),
            (
                _("Active parameters"),
                prov.marked(
                    model,
                    "active_parameters_b",
                    i18n.number(metrics.format_billions(model.active_parameters_b)),
                    anchor,
                )
                if model.active_parameters_b
                else None,
            ),
            (
                _("Training tokens"),
                prov.marked(
                    model,
                    "training_tokens_b",
                    i18n.number(metrics.format_tokens(model.training_tokens_b)),
                    anchor,
                ),
            ),
            (_("Token:param ratio"), ratio or "-"),
            (
                _("Context window"),
                prov.marked(
                    model,
                    "context_window",
                    _("{count} tokens").format(
                        count=i18n.number(metrics.format_count(model.context_window))
                    ),
                    anchor,
                )
                if model.context_window
                else None,
            ),
            (_("Licence"), license_cell(model.license)),
            (_("Version"), model.version),
            (_("Base model"), base_cell(model, catalog)),
        ]
    )
    return section


def verdict(compute_optimal: bool | None, limit: float) -> str:
    """``Compute-optimal (≥ 20:1)`` or ``Under-trained (< 20:1)``
    (:func:`metrics.verdict`, translated)."""
    if compute_optimal is None:
        return "-"
    shown = i18n.number(metrics.format_ratio(limit))
    if compute_optimal:
        return _("Compute-optimal (≥ {limit})").format(limit=shown)
    return _("Under-trained (< {limit})").format(limit=shown)


def license_cell(license_text: str | None) -> nodes.Node | str | None:
    """The licence, linked to spdx.org when it is an SPDX id."""
    if not license_text:
        return None
    url = spdx_url(license_text)
    return n.external(url, license_text) if url else license_text


def base_cell(model: Model, catalog: Catalog) -> list[nodes.Node] | None:
    """The bases: catalog models as links, external ones as external links, then the relation."""
    if not model.base_model:
        return None
    refs: list[nodes.Node] = []
    for base in model.base_model:
        if isinstance(base, str):
            known = catalog.models.get(base)
            refs.append(n.xref("model", base, known.name) if known else nodes.Text(base))
        elif base.url:
            refs.append(n.external(base.url, base.name))
        else:
            refs.append(nodes.Text(base.name))
    out = n.joined(refs)
    if model.base_relation:
        out.append(n.inline(f" ({model.base_relation})", ["mc-base-relation"]))
    return out


def _efficiency(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section:
    section = _sub(model, options, "efficiency", _("Training efficiency"))
    if derived.alscore is None:
        if model.parameters_b is None and model.training_tokens_b is None:
            needs = _(": - (needs parameters and training tokens)")
        elif model.parameters_b is None:
            needs = _(": - (needs parameters)")
        else:
            needs = _(": - (needs training tokens)")
        section += n.para(n.strong("ALScore"), needs, classes=["mc-alscore"])
    else:
        section += n.para(
            n.strong("ALScore"),
            f": {i18n.number(metrics.format_alscore(derived.alscore))} (",
            n.badge(
                _(derived.tier) if derived.tier else "-", "tier-" + slugify(derived.tier or "none")
            ),
            ")",
            classes=["mc-alscore"],
        )
    formula = _("Formula: √(parameters × tokens) ÷ 300, both in billions.")  # noqa: RUF001
    section += n.para(formula, classes=["mc-formula"])
    section.extend(_compute_lines(model, derived))
    return section


def _compute_lines(model: Model, derived: metrics.Derived) -> list[nodes.Node]:
    """Training compute, and for mixture-of-experts models which parameters each figure uses."""
    lines: list[nodes.Node] = []
    if derived.compute_stated:
        lines.append(
            n.para(
                n.strong(_("Training compute")),
                _(": {flop} (stated)").format(
                    flop=i18n.number(metrics.format_flop(derived.compute))
                ),
                classes=["mc-compute"],
            )
        )
    elif derived.compute is not None:
        flop = i18n.number(metrics.format_flop(derived.compute))
        if model.active_parameters_b:
            how = _(": about {flop} (6 × active parameters × training tokens)")  # noqa: RUF001
        else:
            how = _(": about {flop} (6 × total parameters × training tokens)")  # noqa: RUF001
        lines.append(
            n.para(
                n.strong(_("Training compute")),
                how.format(flop=flop),
                classes=["mc-compute"],
            )
        )
    if model.active_parameters_b:
        lines.append(
            n.para(
                _("ALScore uses the total parameters; training compute uses the active ones."),
                classes=["mc-moe-note"],
            )
        )
    return lines


def _data(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    if not model.dataset_types:
        return None
    section = _sub(model, options, "data", _("Training data"))
    section += n.field_list([(_("Dataset types"), ", ".join(model.dataset_types))])
    return section


def _benchmarks(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section:
    section = _sub(model, options, "benchmarks", _("Performance benchmarks"))
    # Only the benchmarks the model's data names (a score or an explicit "-"): a row for
    # a benchmark the data never mentions would claim a gap the data does not state.
    shown = [b for b in catalog.benchmarks.values() if b.id in model.benchmarks]
    if not shown:
        section += n.para(_("The data names no benchmark for this model."), classes=["mc-note"])
        return section
    columns = [
        n.Column(_("Benchmark"), 14),
        n.Column(_("Score"), 8, "num"),
        n.Column(_("Description"), 40),
    ]
    rows: list[list[n.Cell]] = [
        [
            n.xref("benchmark", b.id, b.name),
            _score_cell(model, b.id),
            _(b.description) if b.description else "",
        ]
        for b in shown
    ]
    section += n.table(columns, rows, classes=["mc-benchmarks"])
    for benchmark in shown:
        sentence = metrics.analysis(benchmark, model.benchmarks.get(benchmark.id))
        if sentence:
            section += n.para(
                n.strong(_("Analysis")), ": ", i18n.analysis(sentence), classes=["mc-analysis"]
            )
    return section


def _score_cell(model: Model, bench_id: str) -> n.Cell:
    """A score, with its provenance marker when it has one."""
    text = i18n.number(metrics.format_score(model.benchmarks.get(bench_id)))
    marked = prov.marked(model, f"benchmarks.{bench_id}", text, model_anchor(model.id))
    return marked if isinstance(marked, str) else n.para(*marked)


def _tags(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    if not model.tags:
        return None
    section = _sub(model, options, "tags", _("Tags"))
    refs = [n.xref("tag", slugify(t), t, classes=["mc-tag"]) for t in model.tags]
    section += n.para(*n.joined(refs, " "), classes=["mc-tags"])
    return section


def _notes(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    if not model.notes:
        return None
    section = _sub(model, options, "notes", _("Notes"))
    for block in model.notes.split("\n\n"):
        if block.strip():
            section += n.para(" ".join(block.split()))
    return section


def _resources(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    if not model.links:
        return None
    section = _sub(model, options, "resources", _("Resources"))
    items: list[list[nodes.Node]] = []
    for link in model.links:
        kind = label_for_kind(link.kind)
        item: list[nodes.Node] = [n.external(link.url, link.title or kind)]
        if link.title:
            item.append(n.inline(f" ({kind})", ["mc-link-kind"]))
        items.append(item)
    section += n.bullet_list(items, classes=["mc-resources"])
    return section


def label_for_kind(kind: str) -> str:
    """``Paper``, ``Try the model``... for a link kind."""
    known = registry.LINK_LABELS.get(kind)
    return _(known) if known else kind.replace("-", " ").capitalize()


def _related(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section:
    section = _sub(model, options, "related", _("Related models"))
    lab_name = catalog.lab_name(model.lab)
    lines: list[nodes.Node] = [
        n.para(*n.sentence(_("All models from {lab}."), lab=n.xref("lab", model.lab, lab_name))),
    ]
    if model.architecture:
        arch = catalog.architecture_name(model.architecture)
        arch_name = kind_phrase(arch) if i18n.english() else arch
        link = n.xref("architecture", model.architecture, arch_name)
        lines.append(n.para(*n.sentence(_("All {architecture} models."), architecture=link)))
    section.extend(lines)
    neighbours = closest_models(model, catalog, options.related)
    if neighbours:
        section += n.para(
            _("Closest releases from {lab}:").format(lab=lab_name), classes=["mc-related-intro"]
        )
        section += n.bullet_list(
            [
                [
                    n.xref("model", other.id, other.name),
                    f" ({i18n.release(other.released, _('undated'))})",
                ]
                for other in neighbours
            ],
            classes=["mc-related"],
        )
    return section


def closest_models(model: Model, catalog: Catalog, count: int) -> list[Model]:
    """Up to ``count`` models of the same lab nearest in release date (then by id)."""
    if count <= 0:
        return []
    origin = _month_index(model)
    same_lab = (m for m in catalog.models_where("lab", model.lab) if m.id != model.id)
    return heapq.nsmallest(count, same_lab, key=lambda m: (abs(_month_index(m) - origin), m.id))


def _month_index(model: Model) -> int:
    if model.released is None or model.released.year is None:
        return 10**6
    return model.released.year * 12 + (model.released.month or 1)


def _updated(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.paragraph | None:
    return updated_line(model)


def updated_line(model: Model) -> nodes.paragraph | None:
    """``Last updated: Oct 2025``, or None without a date."""
    if model.last_updated is None:
        return None
    return n.para(
        n.strong(_("Last updated")),
        ": ",
        i18n.month(model.last_updated.year, model.last_updated.month),
        classes=["mc-updated"],
    )


# Sections for lineage, provenance and teams documenting their own models --------------------


def _lineage(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    """The family tree (HTML) and the list of derived models (every builder)."""
    if not has_lineage(model, catalog):
        return None
    section = _sub(model, options, "lineage", _("Lineage"))
    svg = lineage_svg(model, catalog, chart_id=f"{model_anchor(model.id)}-lineage")
    section += nodes.raw("", svg, format="html", classes=["mc-lineage", "no-search"])
    derived_ids = catalog.derived_models.get(model.id, [])
    if derived_ids:
        section += n.para(n.strong(_("Derived models")), ":", classes=["mc-derived-intro"])
        items: list[list[nodes.Node | str]] = []
        for other_id in derived_ids:
            other = catalog.models[other_id]
            item: list[nodes.Node | str] = [n.xref("model", other.id, other.name)]
            if other.base_relation:
                item.append(f" ({other.base_relation})")
            items.append(item)
        section += n.bullet_list(items, classes=["mc-derived"])
    return section


def _sources(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    names = {b.id: b.name for b in catalog.benchmarks.values()}
    listing = prov.sources_list(model, model_anchor(model.id), names)
    if listing is None:
        return None
    section = _sub(model, options, "sources", _("Sources"))
    section += listing
    return section


def _prose_section(key: str, title: str) -> SectionBuilder:
    """A section of plain text from a model field: escaped, never parsed as markup."""

    def build(
        model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
    ) -> nodes.section | None:
        text = getattr(model, key)
        if not text:
            return None
        section = _sub(model, options, key.replace("_", "-"), _(title))
        for block in text.split("\n\n"):
            if block.strip():
                section += n.para(" ".join(block.split()))
        return section

    return build


def _history(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    """Dated changes of the model's values, newest first."""
    if not model.history:
        return None
    section = _sub(model, options, "history", _("History"))
    names = {b.id: b.name for b in catalog.benchmarks.values()}
    section += history_list(changes(model), names)
    return section


def _owners(
    model: Model, catalog: Catalog, derived: metrics.Derived, options: CardOptions
) -> nodes.section | None:
    if not model.owners:
        return None
    section = _sub(model, options, "owners", _("Owners"))
    section += n.bullet_list(
        [
            [n.external(owner.contact, owner.name)] if owner.contact else [owner.name]
            for owner in model.owners
        ],
        classes=["mc-owners"],
    )
    return section


SectionBuilder = Callable[[Model, Catalog, metrics.Derived, CardOptions], nodes.Node | None]

_SECTIONS: dict[str, SectionBuilder] = {
    "overview": _overview,
    "specs": _specs,
    "efficiency": _efficiency,
    "data": _data,
    "benchmarks": _benchmarks,
    "lineage": _lineage,
    "intended_use": _prose_section("intended_use", N_("Intended use")),
    "out_of_scope_use": _prose_section("out_of_scope_use", N_("Out-of-scope use")),
    "limitations": _prose_section("limitations", N_("Limitations")),
    "ethical_considerations": _prose_section(
        "ethical_considerations", N_("Ethical considerations")
    ),
    "owners": _owners,
    "sources": _sources,
    "tags": _tags,
    "notes": _notes,
    "resources": _resources,
    "related": _related,
    "history": _history,
    "updated": _updated,
}
