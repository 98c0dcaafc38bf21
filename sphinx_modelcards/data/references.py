"""Checks across entries: references to labs, architectures, benchmarks, tags and base
models, colliding tags, cycles of bases; entries implied by the models that use them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from . import metrics
from .catalog import Catalog, Origin, Problem, title_from_id
from .hints import did_you_mean
from .schema import (
    SLUG_PATTERN,
    Architecture,
    Benchmark,
    Lab,
    Model,
    Tag,
    base_id,
    slugify,
)

_ID_SHAPED = re.compile(SLUG_PATTERN)


def _check_lineage(catalog: Catalog, problems: list[Problem]) -> None:
    """Index derived models by base; warn about unknown base ids and cycles.

    A base written like an id (a slug) must be a catalog model; a name with spaces,
    capitals or a ``/`` (a Hugging Face repo) is taken as a name and shown as text.
    """
    for model_id, model in catalog.models.items():
        origin = catalog.origins[model_id]
        many = len(model.base_model) > 1
        for index, base in enumerate(model.base_model):
            ref = base_id(base)
            if ref is None:
                continue
            if ref in catalog.models:
                catalog.derived_models.setdefault(ref, []).append(model_id)
            elif _ID_SHAPED.match(ref):
                where = f"base_model[{index}]" if many else "base_model"
                hint = did_you_mean(ref, catalog.models)
                problems.append(
                    Problem(
                        origin.path,
                        origin.line_of(where),
                        "reference",
                        f"model {model_id!r}: {where}: unknown model id {ref!r}{hint}; "
                        "give a base outside the catalog as {name, url}",
                    )
                )
    for ids in catalog.derived_models.values():
        ids.sort()
    for cycle in _cycles(catalog):
        origin = catalog.origins[cycle[0]]
        problems.append(
            Problem(
                origin.path,
                origin.line_of("base_model"),
                "reference",
                f"model {cycle[0]!r}: base_model: the bases form a cycle "
                f"({' -> '.join([*cycle, cycle[0]])})",
            )
        )


def _cycles(catalog: Catalog) -> list[list[str]]:
    """Each cycle of base links once, starting at its smallest id."""
    found: list[list[str]] = []
    for start in sorted(catalog.models):
        path = _path_back_to(start, catalog)
        if path and min(path) == start:
            found.append(path)
    return found


def _path_back_to(start: str, catalog: Catalog) -> list[str] | None:
    """A chain ``start -> base -> ... -> start`` through catalog bases, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        for ref in catalog.models[current].base_ids:
            if ref == start:
                return path
            if ref in catalog.models and ref not in seen:
                seen.add(ref)
                stack.append((ref, [*path, ref]))
    return None


def _same_tag(first: str, other: str) -> bool:
    """``Open weights``, ``open-weights`` and ``Öpen weights`` are one tag; ``C++``, ``C#`` not."""

    def key(text: str) -> str:
        letters = unicodedata.normalize("NFKD", text.casefold())
        letters = "".join(c for c in letters if not unicodedata.combining(c))
        return re.sub(r"[\s_-]+", "-", letters)

    return key(first) == key(other)


def _check_tag_collisions(catalog: Catalog, problems: list[Problem]) -> None:
    """Warn when different tags get the same id (and so one page): ``C++`` and ``C#``."""
    first: dict[str, tuple[str, Origin, int | None]] = {}
    warned: set[tuple[str, str]] = set()
    for model_id, model in catalog.models.items():
        origin = catalog.origins[model_id]
        for index, tag in enumerate(model.tags):
            tag_id = slugify(tag)
            line = origin.line_of(f"tags[{index}]")
            seen, seen_origin, seen_line = first.setdefault(tag_id, (tag, origin, line))
            if _same_tag(seen, tag) or (tag_id, tag.casefold()) in warned:
                continue
            warned.add((tag_id, tag.casefold()))
            where = f"{seen_origin.path}:{seen_line}" if seen_line else seen_origin.path
            problems.append(
                Problem(
                    origin.path,
                    line,
                    "duplicate",
                    f"model {model.id!r}: tags[{index}]: tag {tag!r} has the same id "
                    f"{tag_id!r} as tag {seen!r} ({where}); they share one tag page",
                )
            )


def _check_derived(
    model: Model, origin: Origin, derived: metrics.Derived, problems: list[Problem]
) -> None:
    """Warn when the token ratio cannot be computed although both inputs are there."""
    if model.parameters_b and model.training_tokens_b and derived.ratio is None:
        problems.append(
            Problem(
                origin.path,
                origin.line_of("training_tokens_b"),
                "schema",
                f"model {model.id!r}: training_tokens_b: {model.training_tokens_b:g} tokens for "
                f"{model.parameters_b:g} parameters is a ratio too large to compute; "
                "the ratio is left out",
            )
        )


def _unknown(kind: str, value: str, known: Iterable[str], registry: str) -> str:
    hint = did_you_mean(value, known)
    return f"unknown {kind} {value!r}{hint}; declare it in the {registry} registry"


def _check_references(
    model: Model,
    origin: Origin,
    catalog: Catalog,
    declared_labs: bool,
    declared_tags: bool,
    problems: list[Problem],
) -> None:
    """Warn about ids that point nowhere; the model stays, with implied entries."""
    prefix = f"model {model.id!r}: "

    def report(field_path: str, message: str) -> None:
        line = origin.line_of(field_path)
        problems.append(Problem(origin.path, line, "reference", f"{prefix}{field_path}: {message}"))

    if declared_labs and model.lab not in catalog.labs:
        report("lab", _unknown("lab", model.lab, catalog.labs, "labs"))
    if model.architecture and model.architecture not in catalog.architectures:
        known = catalog.architectures
        report("architecture", _unknown("architecture", model.architecture, known, "architectures"))
    for bench_id, score in model.benchmarks.items():
        benchmark = catalog.benchmarks.get(bench_id)
        if benchmark is None:
            benches = catalog.benchmarks
            report(f"benchmarks.{bench_id}", _unknown("benchmark", bench_id, benches, "benchmarks"))
        elif score is not None and score > benchmark.scale:
            report(
                f"benchmarks.{bench_id}",
                f"score {score:g} is above the best possible score of {benchmark.name} "
                f"({benchmark.scale:g})",
            )
    if declared_tags:
        for index, tag in enumerate(model.tags):
            if slugify(tag) not in catalog.tags:
                report(f"tags[{index}]", _unknown("tag", tag, catalog.tags, "tags"))


def _imply_missing(catalog: Catalog) -> None:
    """Create entries for ids used by models but never declared (after warning)."""
    for model in catalog.models.values():
        if model.lab not in catalog.labs:
            catalog.labs[model.lab] = Lab(id=model.lab, name=title_from_id(model.lab))
        arch = model.architecture
        if arch and arch not in catalog.architectures:
            catalog.architectures[arch] = Architecture(id=arch, name=title_from_id(arch))
        for bench_id in model.benchmarks:
            if bench_id not in catalog.benchmarks:
                catalog.benchmarks[bench_id] = Benchmark(id=bench_id, name=bench_id.upper())
        for tag in model.tags:
            catalog.tags.setdefault(slugify(tag), Tag(id=slugify(tag), name=tag))
    catalog.labs = dict(sorted(catalog.labs.items()))
    catalog.tags = dict(sorted(catalog.tags.items()))
