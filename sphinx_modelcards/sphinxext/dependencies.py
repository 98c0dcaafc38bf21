"""Which documents to re-read when data changes.

Every piece of the catalog a page can show has a *key* (``model:gpt-4o``,
``lab:openai``, ``lab-models:openai``, ``catalog`` ...) and a fingerprint (a hash
of exactly what the page shows of it). Pages record the keys they use; on the
next build, pages whose keys changed fingerprint are re-read, and only those.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..data.loading import Catalog

CATALOG = "catalog"


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def fingerprints(catalog: Catalog) -> dict[str, str]:
    """The fingerprint of every dependency key of ``catalog``."""
    model_prints = {
        model_id: _digest([model.model_dump(mode="json"), catalog.derived[model_id].__dict__])
        for model_id, model in catalog.models.items()
    }
    prints: dict[str, str] = {f"model:{i}": p for i, p in model_prints.items()}
    for kind in ("lab", "architecture", "tag"):
        members = {
            key: [m.id for m in catalog.models_where(kind, key)] for key in _ids(catalog, kind)
        }
        for group_id, model_ids in members.items():
            prints[f"{kind}-models:{group_id}"] = _digest([model_prints[i] for i in model_ids])
            prints[f"{kind}-members:{group_id}"] = _digest(
                [_summary(catalog, i) for i in model_ids]
            )
    for kind, registry in (
        ("lab", catalog.labs),
        ("architecture", catalog.architectures),
        ("benchmark", catalog.benchmarks),
        ("tag", catalog.tags),
    ):
        for entry_id, entry in registry.items():
            prints[f"{kind}:{entry_id}"] = _digest(entry.model_dump(mode="json"))
    for kind, registry_name in (
        ("lab", "labs"),
        ("architecture", "architectures"),
        ("tag", "tags"),
    ):
        # Neighbouring pages in a toctree show each other's titles (next/previous links).
        prints[f"names:{registry_name}"] = _digest(
            [[key, entry.name] for key, entry in getattr(catalog, registry_name).items()]
        )
        prints[f"index:{registry_name}"] = _digest(
            [
                [entry_id, entry.name, [m.access for m in catalog.models_where(kind, entry_id)]]
                for entry_id, entry in getattr(catalog, registry_name).items()
            ]
        )
    prints["summary"] = _digest(
        [
            sorted((m.access, m.lab, m.architecture or "") for m in catalog.models.values()),
            list(catalog.benchmarks),
        ]
    )
    prints["benchmarks"] = _digest([prints[f"benchmark:{b}"] for b in catalog.benchmarks])
    prints.update(_column_prints(catalog))
    prints.update(lineage_prints(catalog))
    prints.update(provenance_column_prints(catalog))
    prints[CATALOG] = _digest(sorted(prints.items()))
    return prints


def _column_prints(catalog: Catalog) -> dict[str, str]:
    """One key per table column (``column:mmlu``...) and one for the set of rows.

    A leaderboard depends on the columns it shows, sorts, groups and filters by, so a
    change to a model's MMLU score does not re-read a table that never shows MMLU.
    """
    from .render.columns import FIELD_COLUMNS

    models = list(catalog.models.values())
    prints = {"rows": _digest([[m.id, m.name] for m in models])}
    for key, spec in FIELD_COLUMNS.items():
        values = [[m.id, spec.get(m, catalog.derived[m.id])] for m in models]
        prints[f"column:{key}"] = _digest(values)
    for bench_id in catalog.benchmarks:
        prints[f"column:{bench_id}"] = _digest([[m.id, m.benchmarks.get(bench_id)] for m in models])
    prints["column:lab_name"] = _digest([[m.id, catalog.lab_name(m.lab)] for m in models])
    return prints


def lineage_key(model_id: str) -> str:
    """The key of what a profile shows of a model's family: ``lineage:<id>``."""
    return f"lineage:{model_id}"


def lineage_prints(catalog: Catalog) -> dict[str, str]:
    """For each model with a base or a derived model: its ancestors and descendants as drawn."""
    from .render.lineage import generations, has_lineage

    prints = {}
    for model_id, model in catalog.models.items():
        if not has_lineage(model, catalog):
            continue
        rows = [
            [[[node.key, node.label, node.linked_to] for node in row.nodes], row.more]
            for up in (True, False)
            for row in generations(model, catalog, up=up)
        ]
        relations = [
            [i, catalog.models[i].base_relation] for i in catalog.derived_models.get(model_id, ())
        ]
        prints[lineage_key(model_id)] = _digest([rows, relations])
    return prints


def provenance_column_prints(catalog: Catalog) -> dict[str, str]:
    """``column:mmlu.status``...: the provenance fields a leaderboard filter can test."""
    from .render.columns import provenance_filter_fields, provenance_record

    records = {i: provenance_record(m) for i, m in catalog.models.items() if m.provenance}
    return {
        f"column:{name}": _digest([[i, record.get(name)] for i, record in records.items()])
        for name in provenance_filter_fields(catalog)
    }


def column_keys(names: Iterable[str]) -> list[str]:
    """Dependency keys of a table that uses these columns (plus its rows and labels)."""
    keys = {"rows", "names:labs", "names:architectures", "benchmarks"}
    keys.update(f"column:{name}" for name in names)
    return sorted(keys)


def _ids(catalog: Catalog, kind: str) -> list[str]:
    return list(catalog.registry(kind))


def _summary(catalog: Catalog, model_id: str) -> list[Any]:
    """What a neighbour's page shows of a model: name, release, size (for its chart)."""
    model = catalog.models[model_id]
    released = model.released.iso() if model.released else None
    return [
        model_id,
        model.name,
        released,
        model.parameters_b,
        model.training_tokens_b,
        model.architecture,
    ]


def changed_keys(old: Mapping[str, str], new: Mapping[str, str]) -> set[str]:
    """Keys whose fingerprint differs, appeared or disappeared."""
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def outdated_documents(
    deps: Mapping[str, Iterable[str]], changed: set[str], removed: Iterable[str] = ()
) -> set[str]:
    """Documents that use any changed key (and still exist)."""
    gone = set(removed)
    return {doc for doc, keys in deps.items() if doc not in gone and changed.intersection(keys)}
