"""The catalog as an SPDX 3.0.1 JSON-LD document: one ``ai_AIPackage`` per model.

Each package carries the model's name, lab (an ``Organization`` as supplier), release
time, links, architecture (``ai_typeOfModel``), training facts and benchmark scores
(``ai_metric``); licences are ``simplelicensing_LicenseExpression`` elements joined by
``hasDeclaredLicense`` relationships, and a base model in the catalog is joined by
``descendantOf``. The output is deterministic: element ids are derived from the ids of
the data, the creation time is the latest ``last_updated`` of the catalog (or
:data:`FALLBACK_CREATED`), keys are sorted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .. import __version__
from .catalog import Catalog
from .cyclonedx import spdx_license
from .schema import Model, base_label

SPEC_VERSION = "3.0.1"
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
#: Prefix of every element id (``urn:sphinx-modelcards:model/llama-3.1-8b``).
NAMESPACE = "urn:sphinx-modelcards:"
#: Creation time of a catalog in which no model has a ``last_updated`` date.
FALLBACK_CREATED = "1970-01-01T00:00:00Z"
_CREATION_INFO = "_:creationinfo"
_AGENT = NAMESPACE + "agent/sphinx-modelcards"
#: Link kinds whose first http(s) link is the package's home page, best first.
_HOME_PAGE_KINDS = ("model-card", "docs", "announcement", "blog")
#: Our link kinds -> SPDX external reference types (others: ``other``).
_REFERENCE_TYPES = {
    "paper": "documentation",
    "docs": "documentation",
    "model-card": "documentation",
    "blog": "releaseNotes",
    "announcement": "releaseNotes",
    "code": "vcs",
    "weights": "altDownloadLocation",
    "license": "license",
    "api": "altWebPage",
    "demo": "altWebPage",
    "playground": "altWebPage",
}
_NOT_IDSTRING = re.compile(r"[^A-Za-z0-9.-]+")


def element_id(kind: str, key: str) -> str:
    """The stable spdxId of an element: ``urn:sphinx-modelcards:model/llama-3.1-8b``."""
    return f"{NAMESPACE}{kind}/{key}"


def license_expression(text: str) -> str | None:
    """The SPDX id of a licence, else ``LicenseRef-<name>``; ``None`` for an empty name."""
    known = spdx_license(text)
    if "id" in known:
        return known["id"]
    idstring = _NOT_IDSTRING.sub("-", text.strip()).strip("-")
    return f"LicenseRef-{idstring}" if idstring else None


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def created(catalog: Catalog) -> str:
    """The document's creation time: the latest ``last_updated``, else the fallback."""
    days = [m.last_updated for m in catalog.models.values() if m.last_updated is not None]
    return _timestamp(max(days)) if days else FALLBACK_CREATED


def _number(value: float) -> str:
    return f"{value:g}"


def _entries(pairs: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "type": "DictionaryEntry",
            "key": key,
            "value": _number(v) if isinstance(v, float) else str(v),
        }
        for key, v in pairs.items()
        if v is not None
    ]


def _http_links(model: Model) -> list[tuple[str, str]]:
    return [
        (link.kind, link.url)
        for link in model.links
        if link.url.lower().startswith(("http://", "https://"))
    ]


def _links(model: Model) -> dict[str, Any]:
    """Download location, home page and the other links as external references."""
    links = _http_links(model)
    fields: dict[str, Any] = {}
    download = next((url for kind, url in links if kind == "weights"), None)
    home = next((url for k in _HOME_PAGE_KINDS for kind, url in links if kind == k), None)
    if download:
        fields["software_downloadLocation"] = download
    if home:
        fields["software_homePage"] = home
    others = [(kind, url) for kind, url in links if url not in (download, home)]
    if others:
        fields["externalRef"] = [
            {
                "type": "ExternalRef",
                "externalRefType": _REFERENCE_TYPES.get(kind, "other"),
                "locator": [url],
            }
            for kind, url in others
        ]
    return fields


def _training(model: Model, catalog: Catalog) -> str | None:
    """What the data says about training, as a sentence or two."""
    facts = []
    if model.training_tokens_b is not None:
        facts.append(f"Trained on {_number(model.training_tokens_b)} billion tokens.")
    if model.dataset_types:
        facts.append(f"Training data: {', '.join(model.dataset_types)}.")
    outside = [base_label(b) for b in model.base_model if base_label(b) not in catalog.models]
    if outside:
        facts.append(f"Base model: {', '.join(outside)}.")
    return " ".join(facts) or None


def _scores(model: Model, catalog: Catalog) -> dict[str, float | None]:
    return {
        catalog.benchmarks[b].name if b in catalog.benchmarks else b: s
        for b, s in model.benchmarks.items()
    }


def package(model: Model, catalog: Catalog) -> dict[str, Any]:
    """The ``ai_AIPackage`` element of one model."""
    item: dict[str, Any] = {
        "type": "ai_AIPackage",
        "spdxId": element_id("model", model.id),
        "creationInfo": _CREATION_INFO,
        "name": model.name,
        "suppliedBy": element_id("lab", model.lab),
        "software_primaryPurpose": "model",
        **_links(model),
    }
    if model.summary:
        item["summary"] = model.summary
    if model.notes:
        item["description"] = model.notes
    released = model.released
    if released is not None and released.year is not None:
        item["releaseTime"] = _timestamp(
            dt.date(released.year, released.month or 1, released.day or 1)
        )
    if model.hf_id:
        item["software_packageUrl"] = f"pkg:huggingface/{model.hf_id}"
    if model.architecture:
        item["ai_typeOfModel"] = [catalog.architecture_name(model.architecture)]
    training = _training(model, catalog)
    if training:
        item["ai_informationAboutTraining"] = training
    hyperparameters = _entries(
        {
            "parameters_b": model.parameters_b,
            "active_parameters_b": model.active_parameters_b,
            "context_window": model.context_window,
        }
    )
    if hyperparameters:
        item["ai_hyperparameter"] = hyperparameters
    metrics = _entries(_scores(model, catalog))
    if metrics:
        item["ai_metric"] = metrics
    return item


def _organization(lab_id: str, catalog: Catalog) -> dict[str, Any]:
    return {
        "type": "Organization",
        "spdxId": element_id("lab", lab_id),
        "creationInfo": _CREATION_INFO,
        "name": catalog.lab_name(lab_id),
    }


def _relationship(model: Model, kind: str, to: str) -> dict[str, Any]:
    return {
        "type": "Relationship",
        "spdxId": element_id("relationship", f"{model.id}/{kind}"),
        "creationInfo": _CREATION_INFO,
        "from": element_id("model", model.id),
        "relationshipType": kind,
        "to": [to],
    }


def _licensing(models: list[Model]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Licence expression elements (one per licence) and ``hasDeclaredLicense`` links."""
    expressions: dict[str, dict[str, Any]] = {}
    relationships = []
    for model in models:
        expression = license_expression(model.license) if model.license else None
        if expression is None:
            continue
        spdx_id = element_id("license", expression)
        expressions[spdx_id] = {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": spdx_id,
            "creationInfo": _CREATION_INFO,
            "simplelicensing_licenseExpression": expression,
        }
        relationships.append(_relationship(model, "hasDeclaredLicense", spdx_id))
    return [expressions[key] for key in sorted(expressions)], relationships


def _lineage(models: list[Model], catalog: Catalog) -> list[dict[str, Any]]:
    """A ``descendantOf`` relationship for each model whose base model is in the catalog."""
    return [
        _relationship(model, "descendantOf", element_id("model", base))
        for model in models
        for base in model.base_ids
        if base in catalog.models
    ]


def _header(catalog: Catalog, elements: list[str], roots: list[str]) -> list[dict[str, Any]]:
    """The creation information, its agent and the ``SpdxDocument``."""
    agent = {
        "type": "SoftwareAgent",
        "spdxId": _AGENT,
        "creationInfo": _CREATION_INFO,
        "name": f"sphinx-modelcards {__version__}",
    }
    document = {
        "type": "SpdxDocument",
        "spdxId": element_id("document", "catalog"),
        "creationInfo": _CREATION_INFO,
        "name": "Model catalog",
        "profileConformance": ["core", "software", "simpleLicensing", "ai"],
        "rootElement": roots,
        "element": [_AGENT, *elements],
    }
    info = {
        "type": "CreationInfo",
        "@id": _CREATION_INFO,
        "specVersion": SPEC_VERSION,
        "created": created(catalog),
        "createdBy": [_AGENT],
    }
    return [info, agent, document]


def to_spdx(catalog: Catalog) -> str:
    """The whole catalog as an SPDX 3.0.1 JSON-LD document."""
    models = [catalog.models[key] for key in sorted(catalog.models)]
    labs = [_organization(lab, catalog) for lab in sorted({m.lab for m in models})]
    packages = [package(model, catalog) for model in models]
    licenses, declared = _licensing(models)
    relationships = sorted(declared + _lineage(models, catalog), key=lambda r: r["spdxId"])
    body = labs + packages + licenses + relationships
    graph = _header(catalog, [e["spdxId"] for e in body], [p["spdxId"] for p in packages])
    document = {"@context": CONTEXT, "@graph": graph + body}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
