"""``.. modelcard:: id``: a model's whole profile from the catalog (or from inline YAML)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..data.loading import load_inline_model
from ..data.schema import Model
from .config import SECTIONS
from .dependencies import lineage_key
from .directive import CatalogDirective, csv_option
from .render.card import CardOptions, build_card, model_anchor
from .render.deferred import defer


def sections_option(argument: str | None) -> list[str]:
    """A list of section names, each one known."""
    names = csv_option(argument)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    return names


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
    }

    def run(self) -> list[nodes.Node]:
        """Build the card, register the model, note what the page depends on."""
        model = self._inline_model() if self.content else self._catalog_model()
        if model is None:
            return [self.error_note("Model card unavailable: see the build warnings.")]
        card = build_card(model, self.catalog, self._card_options())
        if self.options.get("class"):
            for node in card:
                if isinstance(node, nodes.Element):
                    node["classes"].extend(self.options["class"])
        result = defer(card, self.env.docname)
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

    def _catalog_model(self) -> Model | None:
        if not self.arguments:
            self.warn("modelcard needs a model id, or a model written in its body", "directive")
            return None
        model_id = self.arguments[0].strip()
        self.depend_on([f"model:{model_id}"])
        model = self.catalog.models.get(model_id)
        if model is None:
            close = difflib.get_close_matches(model_id, list(self.catalog.models), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.warn(f"unknown model id {model_id!r}{hint}", "reference")
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

    def _card_options(self) -> CardOptions:
        sections = self.options.get("sections") or list(self.settings.sections)
        hidden = set(self.options.get("hide", ()))
        return CardOptions(
            sections=tuple(s for s in sections if s not in hidden),
            title="no-title" not in self.options,
            breadcrumbs="profile" in self.options,
            related=self.options.get("related", self.settings.related),
        )

    def _dependency_keys(self, model: Model) -> list[str]:
        keys = [f"model:{model.id}", f"lab:{model.lab}", f"lab-members:{model.lab}", "benchmarks"]
        if model.architecture:
            keys.append(f"architecture:{model.architecture}")
        keys.extend(lineage_dependency_keys(model))
        return keys


def lineage_dependency_keys(model: Model) -> list[str]:
    """A profile shows its bases and derived models: their names, relations and graph."""
    return [lineage_key(model.id)]
