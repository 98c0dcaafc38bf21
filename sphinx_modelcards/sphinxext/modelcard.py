"""``.. modelcard:: id``: a model's whole profile from the catalog (or from inline YAML)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..data.loading import load_inline_model
from ..data.schema import Model
from ..data.standing import standings
from . import dependencies as keys
from .chart import ModelchartDirective
from .config import SECTIONS
from .directive import CatalogDirective, csv_option
from .domain import get_domain
from .i18n import _
from .render import nodes as n
from .render.card import (
    CardOptions,
    build_card,
    fill_outline,
    model_anchor,
    updated_line,
)


def sections_option(argument: str | None) -> list[str]:
    """A list of section names, each one known."""
    names = csv_option(argument)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    return names


class card_body(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes so)
    """Where a card's body goes: the model and the card's options, as plain values.

    A titled card of a catalog model is read as its outline (its title and each
    section's title, so the page's table of contents, titles and anchors are known
    when it is read) plus this node; :class:`FillCards` builds the body from the
    catalog before any other post-transform runs, for every builder. The doctree
    Sphinx pickles, walks and loads again stays a tenth of the card's size.
    """


class FillCards(SphinxPostTransform):
    """Give every card read as an outline its body, before Sphinx's post-transforms
    (cross-references are resolved at priority 10) and the extension's own."""

    default_priority = 1

    def run(self, **kwargs: Any) -> None:
        """Fill each :class:`card_body`'s card; a model gone since reading keeps the outline."""
        catalog = get_domain(self.env).catalog
        for node in list(self.document.findall(card_body)):
            outline = node.parent
            outline.remove(node)
            model = catalog.models.get(node["mc_model"])
            if model is None or not isinstance(outline, nodes.section):
                continue
            card = build_card(model, catalog, CardOptions(**node["mc_options"]))[0]
            assert isinstance(card, nodes.section)
            fill_outline(outline, card)
            if node["mc_updated"] and (line := updated_line(model)) is not None:
                outline += line


class ModelcardDirective(CatalogDirective):
    """Render a model's profile: identity, specs, metrics, benchmarks, notes, links."""

    optional_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "sections": sections_option,
        "hide": sections_option,
        "no-title": directives.flag,
        "no-index": directives.flag,
        "profile": directives.flag,
        "related": directives.nonnegative_int,
        "class": directives.class_option,
        "charts": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Build the card, register the model, note what the page depends on."""
        model = self._inline_model() if self.content else self._catalog_model()
        if model is None:
            return [self.error_note("Model card unavailable: see the build warnings.")]
        options = self._card_options(model)
        charts = self._charts(model) if "charts" in self.options and options.title else None
        updated = charts is not None and "updated" in options.sections
        if charts is not None:
            # The charts go before "Last updated": the card is built without it.
            options = replace(
                options, sections=tuple(s for s in options.sections if s != "updated")
            )
        if self._deferred(options):
            card = self._outline(model, options, charts, updated)
        else:
            card = build_card(model, self.catalog, options)
            if charts is not None and isinstance(card[0], nodes.section):
                card[0] += charts
                if updated and (line := updated_line(model)) is not None:
                    card[0] += line
        if self.options.get("class"):
            for node in card:
                if isinstance(node, nodes.Element):
                    node["classes"].extend(self.options["class"])
        result: list[nodes.Node] = list(card)
        if "no-title" in self.options:
            result.insert(0, nodes.target("", "", ids=[model_anchor(model.id)]))
        if "no-index" not in self.options:
            self.domain.note_object(
                "model",
                model.id,
                self.env.docname,
                model_anchor(model.id),
                model.name,
                canonical="profile" in self.options,
            )
        self.depend_on(self._dependency_keys(model))
        return result

    def _deferred(self, options: CardOptions) -> bool:
        """Whether the card's body waits for :class:`FillCards`
        (``modelcards_defer_card_bodies``): a titled card of a catalog model, read for
        any builder but gettext (which extracts its labels from the doctree it reads)."""
        return (
            self.settings.defer_card_bodies
            and not self.content
            and options.title
            and not isinstance(self.domain.builder, MessageCatalogBuilder)
        )

    def _outline(
        self, model: Model, options: CardOptions, charts: nodes.section | None, updated: bool
    ) -> list[nodes.Node]:
        """The card's frame, its charts, and where :class:`FillCards` puts the rest."""
        [outline] = build_card(model, self.catalog, replace(options, outline=True))
        assert isinstance(outline, nodes.section)
        if charts is not None:
            outline += charts
        outline += card_body(mc_model=model.id, mc_options=asdict(options), mc_updated=updated)
        return [outline]

    def _catalog_model(self) -> Model | None:
        if not self.arguments:
            self.warn("modelcard needs a model id, or a model written in its body", "directive")
            return None
        model_id = self.arguments[0].strip()
        self.depend_on([keys.model(model_id)])
        model = self.catalog.models.get(model_id)
        if model is None:
            self.warn(self.catalog.unknown_model(model_id), "reference")
        return model

    def _inline_model(self) -> Model | None:
        where = self.env.doc2path(self.env.docname)
        model, problems = load_inline_model(
            "\n".join(self.content), str(where), self.content_offset + 1
        )
        for problem in problems:
            self.warn_problem(problem)
        if model and self.arguments and self.arguments[0] != model.id:
            self.warn(
                f"the argument {self.arguments[0]!r} differs from the body's id {model.id!r}",
                "directive",
            )
        return model

    def _card_options(self, model: Model) -> CardOptions:
        sections = self.options.get("sections") or list(self.settings.sections)
        hidden = set(self.options.get("hide", ()))
        profile = "profile" in self.options
        standing = ""
        if profile and model.id in self.catalog.models:
            standing = standings(self.catalog)[model.id].text()
            self.depend_on([keys.standing_key(model.id)])
        return CardOptions(
            sections=tuple(s for s in sections if s not in hidden),
            title="no-title" not in self.options,
            breadcrumbs=profile,
            related=self.options.get("related", self.settings.related),
            standing=standing,
        )

    def _charts(self, model: Model) -> nodes.section | None:
        """``:charts:``: a "Charts" section with the model's benchmark scores and its
        place among nearby releases, where its data has the figures for them."""
        wanted: list[tuple[str, dict[str, str]]] = []
        if any(score is not None for score in model.benchmarks.values()):
            wanted.append(("benchmarks", {"model": model.id}))
        if model.parameters_b and model.training_tokens_b:
            wanted.append(("params-tokens", {"model": model.id, "neighbours": ""}))
        if not wanted:
            return None
        section = n.section(
            _("Charts"), f"{model_anchor(model.id)}-charts", classes=["mc-section-charts"]
        )
        for kind, options in wanted:
            section.extend(self._chart(kind, options))
        return section

    def _chart(self, kind: str, options: dict[str, str]) -> list[nodes.Node]:
        """The ``modelchart`` directive's nodes for ``kind``, built here rather than by
        parsing generated reST (the profile of every model has one or two)."""
        directive = ModelchartDirective(
            "modelchart",
            [kind],
            options,
            StringList(),
            self.lineno,
            self.content_offset,
            "",
            self.state,
            self.state_machine,
        )
        return directive.run()

    def _dependency_keys(self, model: Model) -> list[keys.Key]:
        shown = [
            keys.model(model.id),
            keys.entry("lab", model.lab),
            keys.group_members("lab", model.lab),
            keys.BENCHMARKS,
        ]
        if model.architecture:
            shown.append(keys.entry("architecture", model.architecture))
        shown.extend(lineage_dependency_keys(model))
        return shown


def lineage_dependency_keys(model: Model) -> list[keys.Key]:
    """A profile shows its bases and derived models: their names, relations and graph."""
    return [keys.lineage_key(model.id)]


def setup_modelcard(app: Sphinx) -> None:
    """Register the directive, the node its card's body waits in, and what fills it."""
    app.add_directive("modelcard", ModelcardDirective)
    app.add_node(card_body)
    app.add_post_transform(FillCards)
