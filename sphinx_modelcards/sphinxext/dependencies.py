"""Which documents to re-read when data changes.

Every piece of the catalog a page can show has a :data:`Key` (made only by the
functions below: ``model("gpt-4o")``, ``entry("lab", "openai")``,
``group_models("lab", "openai")``, :data:`CATALOG` ...) and a fingerprint (a hash
of exactly what the page shows of it). Pages record the keys they use; on the
next build, pages whose keys changed fingerprint are re-read, and only those.
A key is never spelled by hand: mypy rejects a plain string where a :data:`Key`
is expected, so a typo cannot leave a page stale without a sign.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NewType

from ..data.catalog import Catalog
from ..data.history import last_updated, recent_changes
from ..data.schema import Model
from ..data.standing import latest_date, standings, top_scores

#: A dependency key; build one with the functions of this module.
Key = NewType("Key", str)
#: Kinds of catalog entries that group models.
GroupKind = Literal["lab", "architecture", "tag"]
#: Kinds of catalog entries with a registry.
EntryKind = Literal["lab", "architecture", "benchmark", "tag"]
#: Index pages (``mc:index``) by the registry they list.
IndexKind = Literal["labs", "architectures", "tags"]

GROUP_KINDS: tuple[GroupKind, ...] = ("lab", "architecture", "tag")
INDEX_OF: dict[GroupKind, IndexKind] = {
    "lab": "labs",
    "architecture": "architectures",
    "tag": "tags",
}
#: Registry kinds by the object type the ``mc`` roles name.
ENTRY_KINDS: dict[str, EntryKind] = {
    "lab": "lab",
    "architecture": "architecture",
    "benchmark": "benchmark",
    "tag": "tag",
}

#: Anything in the catalog.
CATALOG = Key("catalog")
#: The benchmark registry as a whole (the benchmark rows of every profile).
BENCHMARKS = Key("benchmarks")
#: The catalog summary (counts by access, lab and architecture).
SUMMARY = Key("summary")
#: The set of models (ids and names): the rows of any table.
ROWS = Key("rows")


def model(model_id: str) -> Key:
    """Everything about one model."""
    return Key(f"model:{model_id}")


def entry(kind: EntryKind, entry_id: str) -> Key:
    """One registry entry (a lab's name and links, a benchmark's bands...)."""
    return Key(f"{kind}:{entry_id}")


def group_models(kind: GroupKind, group_id: str) -> Key:
    """Everything about every model of a group (a lab page's table)."""
    return Key(f"{kind}-models:{group_id}")


def group_members(kind: GroupKind, group_id: str) -> Key:
    """What a neighbour's page shows of a group's models: name, release, size."""
    return Key(f"{kind}-members:{group_id}")


def names(kind: IndexKind) -> Key:
    """The names of every entry of a registry (next/previous links show them)."""
    return Key(f"names:{kind}")


def index(kind: IndexKind) -> Key:
    """What an index page lists: names and model counts by access."""
    return Key(f"index:{kind}")


def of_object(objtype: str, obj_id: str) -> Key | None:
    """The key of a catalog object as a role names it (``model``, ``lab``...)."""
    if objtype == "model":
        return model(obj_id)
    kind = ENTRY_KINDS.get(objtype)
    return entry(kind, obj_id) if kind else None


def column(name: str) -> Key:
    """One table column's values across the catalog."""
    return Key(f"column:{name}")


#: The newest date in the catalog (the home page's "last updated" tile).
LATEST = Key("latest")


#: Every dated value (history entries, provenance ``as_of``): what as-of tables read.
HISTORY = Key("history")
#: Every change of the catalog, with its model's name: the Recent changes page.
RECENT = Key("recent")


def benchmark_top_key(bench_id: str) -> Key:
    """A benchmark's own leaderboard (its best scores, as the table shows them)."""
    return Key(f"benchmark-top:{bench_id}")


def standing_key(model_id: str) -> Key:
    """The line that says where a model stands (rank by ALScore, best benchmarks)."""
    return Key(f"standing:{model_id}")


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def history_prints(catalog: Catalog, full: Catalog) -> dict[Key, str]:
    """:data:`HISTORY` and :data:`RECENT`, from the whole catalog (``full``).

    When the site shows ``catalog`` as of a date, a table with its own ``:as-of:``
    reads the whole catalog: :data:`HISTORY` then covers all of it.
    """
    dated = [
        [
            model_id,
            [item.model_dump(mode="json") for item in item_model.history],
            {key: str(p.as_of) for key, p in item_model.provenance.items() if p.as_of},
        ]
        for model_id, item_model in full.models.items()
        if item_model.history or any(p.as_of for p in item_model.provenance.values())
    ]
    if full is not catalog:
        dated.append([m.model_dump(mode="json") for m in full.models.values()])
    found = [
        [change.__dict__, catalog.models[change.model_id].name]
        for change in recent_changes(catalog, count=None)
    ]
    names = [[b.id, b.name] for b in catalog.benchmarks.values()]
    return {HISTORY: _digest(dated), RECENT: _digest([found, names])}


def fingerprints(catalog: Catalog, full: Catalog | None = None) -> dict[Key, str]:
    """The fingerprint of every dependency key of ``catalog`` (``full``: the catalog
    before a site-wide as-of date, when there is one)."""
    # A group's table shows no history: its key leaves history out, a profile's keeps it.
    model_prints = {
        model_id: _digest(
            [item.model_dump(mode="json", exclude={"history"}), catalog.derived[model_id].__dict__]
        )
        for model_id, item in catalog.models.items()
    }
    prints: dict[Key, str] = {
        model(i): _digest([p, [h.model_dump(mode="json") for h in catalog.models[i].history]])
        for i, p in model_prints.items()
    }
    for kind in GROUP_KINDS:
        for group_id in catalog.registry(kind):
            model_ids = [m.id for m in catalog.models_where(kind, group_id)]
            prints[group_models(kind, group_id)] = _digest([model_prints[i] for i in model_ids])
            prints[group_members(kind, group_id)] = _digest(
                [_summary(catalog, i) for i in model_ids]
            )
    entry_kinds: tuple[EntryKind, ...] = ("lab", "architecture", "benchmark", "tag")
    for entry_kind in entry_kinds:
        for entry_id, item in catalog.registry(entry_kind).items():
            prints[entry(entry_kind, entry_id)] = _digest(item.model_dump(mode="json"))
    for kind in GROUP_KINDS:
        listed = catalog.registry(kind)
        # Neighbouring pages in a toctree show each other's titles (next/previous links);
        # only entries with models have pages, so a page that goes changes the key too.
        prints[names(INDEX_OF[kind])] = _digest(
            [[key, item.name] for key, item in listed.items() if catalog.models_where(kind, key)]
        )
        prints[index(INDEX_OF[kind])] = _digest(
            [
                [entry_id, item.name, [m.access for m in catalog.models_where(kind, entry_id)]]
                for entry_id, item in listed.items()
            ]
        )
    prints[SUMMARY] = _digest(
        [
            sorted((m.access, m.lab, m.architecture or "") for m in catalog.models.values()),
            list(catalog.benchmarks),
        ]
    )
    prints[BENCHMARKS] = _digest([prints[entry("benchmark", b)] for b in catalog.benchmarks])
    for model_id, place in standings(catalog).items():
        prints[standing_key(model_id)] = _digest(place.text())
    prints[LATEST] = _digest([latest_date(catalog), str(last_updated(catalog))])
    for bench_id in catalog.benchmarks:
        prints[benchmark_top_key(bench_id)] = _digest(
            [_top_row(catalog, m, bench_id) for m in top_scores(catalog, bench_id)]
        )
    prints.update(_column_prints(catalog))
    prints.update(lineage_prints(catalog))
    prints.update(provenance_column_prints(catalog))
    # "Anything a filter can test": history is not one of those (charts on the catalog
    # home stay put when a note changes); pages that show history have their own keys.
    plain = {**prints, **{model(i): p for i, p in model_prints.items()}}
    prints[CATALOG] = _digest(sorted(plain.items()))
    prints.update(history_prints(catalog, full or catalog))
    return prints


#: The listing page just before the pages of a kind shows the last one's title
#: (its "next" link), as the first listing after them does ("previous").
NEIGHBOUR_NAMES: dict[str, tuple[Key, ...]] = {
    "labs": (),
    "architectures": (names("labs"),),
    "tags": (names("architectures"),),
    "benchmarks": (names("tags"),),
}


def _column_prints(catalog: Catalog) -> dict[Key, str]:
    """One key per table column (``column:mmlu``...) and one for the set of rows.

    A leaderboard depends on the columns it shows, sorts, groups and filters by, so a
    change to a model's MMLU score does not re-read a table that never shows MMLU.
    """
    from .render.columns import FIELD_COLUMNS

    models = list(catalog.models.values())
    prints = {ROWS: _digest([[m.id, m.name] for m in models])}
    for key, spec in FIELD_COLUMNS.items():
        values = [[m.id, spec.get(m, catalog.derived[m.id])] for m in models]
        prints[column(key)] = _digest(values)
    for bench_id in catalog.benchmarks:
        prints[column(bench_id)] = _digest([[m.id, m.benchmarks.get(bench_id)] for m in models])
    prints[column("lab_name")] = _digest([[m.id, catalog.lab_name(m.lab)] for m in models])
    return prints


def lineage_key(model_id: str) -> Key:
    """What a profile shows of a model's family: ``lineage:<id>``."""
    return Key(f"lineage:{model_id}")


def lineage_prints(catalog: Catalog) -> dict[Key, str]:
    """For each model with a base or a derived model: its ancestors and descendants as drawn."""
    from .render.lineage import generations, has_lineage

    prints: dict[Key, str] = {}
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


def provenance_column_prints(catalog: Catalog) -> dict[Key, str]:
    """``column:mmlu.status``...: the provenance fields a leaderboard filter can test."""
    from .render.columns import provenance_filter_fields, provenance_record

    records = {i: provenance_record(m) for i, m in catalog.models.items() if m.provenance}
    prints = {
        column(name): _digest([[i, record.get(name)] for i, record in records.items()])
        for name in provenance_filter_fields(catalog)
    }
    prints.update(provenance_marker_prints(catalog))
    return prints


def provenance_marker(name: str) -> Key:
    """The provenance markers a table shows in the column ``name`` (``mmlu``)."""
    return column(f"{name}.provenance")


def provenance_marker_prints(catalog: Catalog) -> dict[Key, str]:
    """``column:mmlu.provenance``...: every detail a cell marker of the column shows."""
    from .render.columns import PROVENANCE_COLUMNS
    from .render.provenance import key_of

    prints: dict[Key, str] = {}
    for name in [*PROVENANCE_COLUMNS, *catalog.benchmarks]:
        key = key_of(name, catalog.benchmarks)
        details = [
            [model_id, model.provenance[key].model_dump(mode="json")]
            for model_id, model in catalog.models.items()
            if key and key in model.provenance
        ]
        prints[provenance_marker(name)] = _digest(details)
    return prints


def column_keys(columns: Iterable[str]) -> list[Key]:
    """Dependency keys of a table that uses these columns (plus its rows and labels)."""
    keys = {ROWS, names("labs"), names("architectures"), BENCHMARKS}
    keys.update(column(name) for name in columns)
    return sorted(keys)


def _top_row(catalog: Catalog, model: Model, bench_id: str) -> list[Any]:
    """What a benchmark's leaderboard shows of a model."""
    released = model.released.iso() if model.released else None
    lab = catalog.lab_name(model.lab)
    marked = [
        info.model_dump(mode="json") if (info := model.provenance.get(key)) else None
        for key in (f"benchmarks.{bench_id}", "parameters_b")
    ]  # the cells' provenance markers
    score = model.benchmarks.get(bench_id)
    return [model.id, model.name, lab, score, model.parameters_b, released, marked]


def _summary(catalog: Catalog, model_id: str) -> list[Any]:
    """What a neighbour's page shows of a model: name, release, size (for its chart)."""
    item = catalog.models[model_id]
    released = item.released.iso() if item.released else None
    return [
        model_id,
        item.name,
        released,
        item.parameters_b,
        item.training_tokens_b,
        item.architecture,
    ]


def changed_keys(old: Mapping[str, str], new: Mapping[Key, str]) -> set[str]:
    """Keys whose fingerprint differs, appeared or disappeared."""
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(Key(key))}


def outdated_documents(
    deps: Mapping[str, Iterable[str]], changed: set[str], removed: Iterable[str] = ()
) -> set[str]:
    """Documents that use any changed key (and still exist)."""
    gone = set(removed)
    return {doc for doc, keys in deps.items() if doc not in gone and changed.intersection(keys)}
