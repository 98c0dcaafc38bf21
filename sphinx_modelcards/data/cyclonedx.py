"""The catalog as a CycloneDX 1.6 ML-BOM: one ``machine-learning-model`` component per model.

Each component carries the model's name, lab (as supplier), licence, links and tags,
and a ``modelCard`` with its architecture and benchmark scores; facts CycloneDX has no
field for are ``sphinx-modelcards:*`` properties. The output is deterministic: no serial
number or timestamp, models sorted by id.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from .catalog import Catalog
from .schema import Model, base_label

SPEC_VERSION = "1.6"
PROPERTY_PREFIX = "sphinx-modelcards:"

#: Licence texts of the data -> SPDX ids CycloneDX validates; others go out as names.
_SPDX_IDS = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-3-clause": "BSD-3-Clause",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "gpl-3.0": "GPL-3.0-only",
    "mpl-2.0": "MPL-2.0",
}
#: Our link kinds -> CycloneDX external reference types.
_REFERENCE_TYPES = {
    "paper": "documentation",
    "docs": "documentation",
    "model-card": "documentation",
    "blog": "release-notes",
    "announcement": "release-notes",
    "code": "vcs",
    "weights": "distribution",
    "license": "license",
    "api": "website",
    "demo": "website",
    "playground": "website",
}


def spdx_license(text: str) -> dict[str, str]:
    """``{"id": "Apache-2.0"}`` for a licence SPDX names, else ``{"name": text}``."""
    key = "-".join(text.strip().lower().split())
    return {"id": _SPDX_IDS[key]} if key in _SPDX_IDS else {"name": text}


def _number(value: float) -> str:
    return f"{value:g}"


def _properties(model: Model) -> list[dict[str, str]]:
    facts: dict[str, Any] = {
        "id": model.id,
        "released": model.released.iso() if model.released is not None else None,
        "access": model.access,
        "parameters_b": model.parameters_b,
        "active_parameters_b": model.active_parameters_b,
        "training_tokens_b": model.training_tokens_b,
        "context_window": model.context_window,
        "base_model": "; ".join(base_label(b) for b in model.base_model) or None,
        "hf_id": model.hf_id,
    }
    return [
        {"name": PROPERTY_PREFIX + key, "value": _number(v) if isinstance(v, float) else str(v)}
        for key, v in facts.items()
        if v is not None
    ]


def _model_card(model: Model, catalog: Catalog) -> dict[str, Any]:
    card: dict[str, Any] = {}
    parameters: dict[str, Any] = {}
    if model.architecture:
        parameters["architectureFamily"] = catalog.architecture_name(model.architecture)
    if model.dataset_types:
        parameters["datasets"] = [{"type": "dataset", "name": kind} for kind in model.dataset_types]
    if parameters:
        card["modelParameters"] = parameters
    scores = [
        {"type": catalog.benchmarks[b].name if b in catalog.benchmarks else b, "value": _number(s)}
        for b, s in model.benchmarks.items()
        if s is not None
    ]
    if scores:
        card["quantitativeAnalysis"] = {"performanceMetrics": scores}
    return card


def component(model: Model, catalog: Catalog) -> dict[str, Any]:
    """The ``machine-learning-model`` component of one model."""
    item: dict[str, Any] = {
        "type": "machine-learning-model",
        "bom-ref": f"model:{model.id}",
        "supplier": {"name": catalog.lab_name(model.lab)},
        "name": model.name,
    }
    if model.summary:
        item["description"] = model.summary
    if model.license:
        item["licenses"] = [{"license": spdx_license(model.license)}]
    links = [link for link in model.links if link.url.lower().startswith(("http://", "https://"))]
    if links:
        item["externalReferences"] = [
            {"type": _REFERENCE_TYPES.get(link.kind, "other"), "url": link.url} for link in links
        ]
    item["modelCard"] = _model_card(model, catalog)
    if model.tags:
        item["tags"] = list(model.tags)
    item["properties"] = _properties(model)
    return item


def to_cyclonedx(catalog: Catalog) -> str:
    """The whole catalog as a CycloneDX 1.6 JSON BOM."""
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": {
            "tools": {
                "components": [
                    {"type": "application", "name": "sphinx-modelcards", "version": __version__}
                ]
            }
        },
        "components": [component(catalog.models[key], catalog) for key in sorted(catalog.models)],
    }
    return json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
