"""Read and write the metadata of Hugging Face model cards (the YAML front matter of a README).

:func:`read_hf_card` maps ``license``, ``base_model``, ``datasets``, ``tags``,
``pipeline_tag``, the model name and the ``model-index`` results of known benchmarks
(found by id, name or alias, see :class:`BenchmarkNames`) onto a model dict. Everything
else stays in the card's metadata, so
:func:`write_hf_card` with ``original=`` writes it back untouched: unmapped keys,
unmapped ``model-index`` results, and mapped ones whose values did not change.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..data import registry
from ..data.benchmark_names import BenchmarkNames
from ..data.schema import (
    BASE_RELATIONS,
    HUB_ID_PATTERN,
    Model,
    Provenance,
    base_label,
    slugify,
)
from ..data.sources import parse_text
from .markdown import model_id_for

__all__ = [
    "HUB_LICENSES",
    "MAPPED_KEYS",
    "HFCard",
    "benchmark_id",
    "hub_license",
    "read_hf_card",
    "split_front_matter",
    "write_hf_card",
]

#: Front-matter keys this module maps onto model fields.
MAPPED_KEYS = frozenset(
    {
        "license",
        "license_name",
        "base_model",
        "datasets",
        "tags",
        "pipeline_tag",
        "model_name",
        "model-index",
    }
)

_BUILTIN_NAMES = BenchmarkNames(registry.BENCHMARKS)
_BUILTINS = {b.id: b for b in registry.BENCHMARKS}
_PRIMARY_METRICS = ("acc", "accuracy", "acc_norm", "exact_match", "em", "mc2", "score")

#: Licence ids the Hub accepts in ``license`` (SPDX ids, lowercased, and a few of its own);
#: any other licence is written as ``license: other`` with a ``license_name``.
HUB_LICENSES = frozenset(
    {
        "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0",
        "bsl-1.0", "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc",
        "cc0-1.0", "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0",
        "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0",
        "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0",
        "cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0",
        "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl",
        "gpl", "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "mpl-2.0",
        "odc-by", "odbl", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
        "pddl", "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma",
        "unknown", "other",
    }
)  # fmt: skip
_HUB_REPO = re.compile(HUB_ID_PATTERN)


@dataclass(frozen=True)
class _Result:
    """Where a mapped benchmark score sits in ``model-index``."""

    benchmark: str
    entry: int
    result: int
    metric: int
    score: float
    fraction: bool


@dataclass
class HFCard:
    """A model card read from Hugging Face: our model dict plus what we could not map."""

    model: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    results: list[_Result] = field(default_factory=list, repr=False)

    @property
    def unmapped(self) -> dict[str, Any]:
        """Front-matter keys that no model field holds, verbatim."""
        return {k: v for k, v in self.metadata.items() if k not in MAPPED_KEYS}

    @property
    def unmapped_results(self) -> list[dict[str, Any]]:
        """``model-index`` results that are not one of our benchmarks."""
        mapped = {(r.entry, r.result) for r in self.results}
        return [
            result
            for e, entry in enumerate(_entries(self.metadata))
            for i, result in enumerate(_results(entry))
            if (e, i) not in mapped
        ]


# ---------------------------------------------------------------- front matter


#: Most values a card's front matter may hold once its YAML aliases are expanded.
MAX_FRONT_MATTER_VALUES = 100_000


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The ``---`` YAML block at the top of a README and the markdown after it.

    Raises :class:`ValueError` for front matter that is not closed, not valid YAML,
    nested too deep, or that would grow huge by expanding aliases (a "billion laughs").
    """
    text = text.lstrip("\ufeff")
    if not _OPENING.match(text):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ValueError("the front matter that starts on line 1 has no closing '---' line")
    if not match[1].strip():
        return {}, text[match.end() :]
    parsed = parse_text(match[1], ".yaml")
    if parsed.problem is not None:
        where = f"line {parsed.problem.line + 1}: " if parsed.problem.line else ""
        raise ValueError(f"front matter {where}{parsed.problem.message}")
    if not isinstance(parsed.data, dict):
        raise ValueError("the card's front matter is not a mapping")
    if _expanded_size(parsed.data) > MAX_FRONT_MATTER_VALUES:
        raise ValueError(
            f"the front matter holds more than {MAX_FRONT_MATTER_VALUES:,} values once its "
            "YAML aliases are expanded"
        )
    return parsed.data, text[match.end() :]


_OPENING = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def _expanded_size(root: Any) -> int:
    """How many values ``root`` holds with shared values (aliases) counted each time."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        value, done = stack.pop()
        children = list(value.values()) if isinstance(value, dict) else value
        if not done:
            if id(value) not in sizes:
                stack.append((value, True))
                stack.extend((c, False) for c in children if isinstance(c, dict | list))
            continue
        sizes[id(value)] = 1 + sum(
            sizes[id(c)] if isinstance(c, dict | list) else 1 for c in children
        )
    return sizes[id(root)]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _entries(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in _as_list(metadata.get("model-index")) if isinstance(e, dict)]


def _results(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in _as_list(entry.get("results")) if isinstance(r, dict)]


# ------------------------------------------------------------------ benchmarks


def benchmark_id(name: str, names: BenchmarkNames = _BUILTIN_NAMES) -> str | None:
    """``"cais/mmlu"`` -> ``mmlu``, ``"MMLU-Pro (5-shot)"`` -> ``mmlu-pro``; others None."""
    found = names.find(name)
    return found.id if found else None


def _result_label(result: dict[str, Any]) -> str:
    dataset = _mapping(result.get("dataset"))
    label = dataset.get("name") or dataset.get("type") or _mapping(result.get("task")).get("name")
    return str(label) if label else "a result without a dataset"


def _result_benchmark(result: dict[str, Any], names: BenchmarkNames) -> str | None:
    dataset, task = _mapping(result.get("dataset")), _mapping(result.get("task"))
    for candidate in (dataset.get("type"), dataset.get("name"), task.get("name")):
        if isinstance(candidate, str) and (bench := benchmark_id(candidate, names)):
            return bench
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _primary_metric(result: dict[str, Any], preferred: list[str]) -> tuple[int, float] | None:
    metrics = [m for m in _as_list(result.get("metrics")) if isinstance(m, dict)]
    numeric = [(i, v) for i, m in enumerate(metrics) if (v := _number(m.get("value"))) is not None]
    kinds = [str(metrics[i].get("type", "")).lower() for i, _ in numeric]
    for name in preferred:  # the benchmark's metrics, best first
        if name.lower() in kinds:
            return numeric[kinds.index(name.lower())]
    for (i, value), kind in zip(numeric, kinds, strict=True):
        if kind in _PRIMARY_METRICS:
            return i, value
    return numeric[0] if numeric else None


def _read_results(
    metadata: dict[str, Any], warnings: list[str], names: BenchmarkNames
) -> list[_Result]:
    found: dict[str, _Result] = {}
    for e, entry in enumerate(_entries(metadata)):
        for i, result in enumerate(_results(entry)):
            bench = _result_benchmark(result, names)
            if bench is None:
                warnings.append(
                    f"model-index: {_result_label(result)!r} is not a known benchmark; "
                    "kept in the card only (add an alias in benchmarks.yaml to import it)"
                )
                continue
            known = names.find(bench)
            metric = _primary_metric(result, known.metrics if known else [])
            if metric is None:
                warnings.append(f"model-index: the {bench} result has no numeric metric")
                continue
            if bench in found:
                warnings.append(f"model-index: more than one {bench} result; using the first")
                continue
            fraction = 0 <= metric[1] <= 1
            score = round(metric[1] * 100, 6) if fraction else metric[1]
            found[bench] = _Result(bench, e, i, metric[0], score, fraction)
    return list(found.values())


# ----------------------------------------------------------------------- read


def _scalar_text(value: Any) -> str | None:
    """The text of a string or number; ``None`` for anything else (lists, mappings)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _texts(value: Any) -> list[str]:
    return [text for v in _as_list(value) if (text := _scalar_text(v))]


def _tags_and_papers(metadata: dict[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    """Plain tags (the Hub's ``key:value`` tags dropped) and arXiv paper links."""
    tags: list[str] = []
    papers: list[dict[str, str]] = []
    for tag in _texts(metadata.get("tags")) + _texts(metadata.get("pipeline_tag")):
        if tag.lower().startswith("arxiv:"):
            papers.append({"kind": "paper", "url": f"https://arxiv.org/abs/{tag[6:].strip()}"})
        elif ":" not in tag and slugify(tag) != "x" and tag.lower() not in map(str.lower, tags):
            tags.append(tag)
    return tags, papers


def _name(metadata: dict[str, Any], model_id: str | None, warnings: list[str]) -> str | None:
    given = metadata.get("model_name")
    if given is not None and _scalar_text(given) is None:
        warnings.append(f"model_name is not text ({type(given).__name__}); ignored")
    names = [given] + [e.get("name") for e in _entries(metadata)]
    names.append(model_id.rsplit("/", 1)[-1] if model_id else None)
    return next((text for n in names if (text := _scalar_text(n))), None)


def _identity(
    metadata: dict[str, Any], lab: str | None, model_id: str | None, warnings: list[str]
) -> dict[str, Any]:
    name = _name(metadata, model_id, warnings) or "model"
    repo = model_id.rsplit("/", 1) if model_id else []
    if lab is None and len(repo) == 2:
        lab = slugify(repo[0])
    if lab is None:
        lab = "unknown"
        warnings.append("no lab given; using 'unknown'")
    identity: dict[str, Any] = {"id": model_id_for(repo[-1] if repo else name), "name": name}
    identity["lab"] = slugify(lab)
    if len(repo) == 2:
        identity["links"] = [{"kind": "weights", "url": f"https://huggingface.co/{model_id}"}]
    return identity


def _relation(value: Any) -> str | None:
    """Hugging Face's ``base_model_relation`` when it is one the schema knows."""
    return value if isinstance(value, str) and value in BASE_RELATIONS else None


def _license(metadata: dict[str, Any]) -> str | None:
    """The licence id, or the ``license_name`` of ``license: other``."""
    ids = _texts(metadata.get("license"))
    if ids == ["other"] and _texts(metadata.get("license_name")):
        return _texts(metadata.get("license_name"))[0]
    return ", ".join(ids) or None


def read_hf_card(
    text: str,
    *,
    lab: str | None = None,
    model_id: str | None = None,
    names: BenchmarkNames = _BUILTIN_NAMES,
) -> HFCard:
    """Read a README.md model card; ``model_id`` may be a Hub id (``org/name``).

    ``names`` finds the benchmark of each ``model-index`` result (the built-ins by
    default); every result it cannot place is named in the card's warnings.
    """
    metadata, body = split_front_matter(text)
    warnings: list[str] = []
    model = _identity(metadata, lab, model_id, warnings)
    base = _texts(metadata.get("base_model"))
    tags, papers = _tags_and_papers(metadata)
    results = _read_results(metadata, warnings, names)
    model |= {
        "dataset_types": _texts(metadata.get("datasets")),
        "benchmarks": {r.benchmark: _with_provenance(metadata, r) for r in results},
        "tags": tags,
        "links": model.get("links", []) + papers,
        "license": _license(metadata),
        "base_model": base[0] if len(base) == 1 else base,
        "base_relation": _relation(metadata.get("base_model_relation")),
        "hf_id": model_id if model_id and _HUB_REPO.match(model_id) else None,
    }
    model = {k: v for k, v in model.items() if v not in (None, [], {})}
    return HFCard(model, copy.deepcopy(metadata), body, warnings, results)


# ---------------------------------------------------------------------- write


def _dataset(bench: str) -> tuple[str, str]:
    """Name and Hub dataset id written for a benchmark the original card lacked."""
    known = _BUILTINS.get(bench)
    if known is None:
        return bench, bench
    hub = [alias for alias in known.aliases if _HUB_REPO.match(alias)]
    return known.name, hub[0] if hub else bench


def _new_result(bench: str, score: float, info: Provenance | None = None) -> dict[str, Any]:
    name, dataset = _dataset(bench)
    result: dict[str, Any] = {
        "task": {"type": "text-generation", "name": "Text Generation"},
        "dataset": {"name": name, "type": dataset},
        "metrics": [{"type": "accuracy", "value": score, "name": "accuracy"}],
    }
    if info is not None:
        if info.n_shot is not None:
            result["dataset"]["args"] = {"num_few_shot": info.n_shot}
        if info.verified is not None:
            result["metrics"][0]["verified"] = info.verified
        if info.source:
            key = "url" if info.source_url else "name"
            result["source"] = {key: info.source}
    return result


def _with_provenance(metadata: dict[str, Any], found: _Result) -> Any:
    """A score, or ``{value, source, n_shot, verified}`` when ``model-index`` says more."""
    result = _results(_entries(metadata)[found.entry])[found.result]
    metric = result["metrics"][found.metric]
    details: dict[str, Any] = {}
    source = result.get("source")
    if isinstance(source, dict):
        url, name = source.get("url"), source.get("name")
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            details["source"] = url
        elif isinstance(name, str) and name.strip():
            details["source"] = name.strip()
    if isinstance(metric, dict) and isinstance(metric.get("verified"), bool):
        details["verified"] = metric["verified"]
    dataset = result.get("dataset")
    args = dataset.get("args") if isinstance(dataset, dict) else None
    shots = args.get("num_few_shot") if isinstance(args, dict) else None
    if isinstance(shots, int) and not isinstance(shots, bool) and shots >= 0:
        details["n_shot"] = shots
    return {"value": found.score, **details} if details else found.score


def _model_index(model: Model, original: HFCard | None) -> list[dict[str, Any]]:
    """The original ``model-index`` with our benchmark scores brought up to date."""
    index = copy.deepcopy(_entries(original.metadata)) if original else []
    scores = {k: v for k, v in model.benchmarks.items() if v is not None}
    drop: list[tuple[int, int]] = []
    for found in original.results if original else []:
        score = scores.pop(found.benchmark, None)
        result = _results(index[found.entry])[found.result]
        if score is None:
            drop.append((found.entry, found.result))
        elif abs(score - found.score) > 1e-9:
            value = round(score / 100, 8) if found.fraction else score
            result["metrics"][found.metric]["value"] = value
    for e, i in sorted(drop, reverse=True):
        index[e]["results"].pop(i)
    if scores and not index:
        index.append({"name": model.name, "results": []})
    if scores:
        index[0].setdefault("results", [])
        index[0]["results"] += [
            _new_result(b, s, model.provenance.get(f"benchmarks.{b}")) for b, s in scores.items()
        ]
    return index


def hub_license(license_text: str | None) -> tuple[str | None, str | None]:
    """``(license, license_name)`` as the Hub takes them: an id it knows, or ``other``."""
    if not license_text:
        return None, None
    key = re.sub(r"\s+", "-", license_text.strip().lower())
    if key in HUB_LICENSES:
        return key, None
    return "other", slugify(license_text)


def _hub_repo(value: str | None) -> str | None:
    return value if value and _HUB_REPO.match(value) else None


def _hub_bases(model: Model) -> str | list[str] | None:
    """The model's bases that are Hub repository ids: one, a list, or nothing."""
    repos = [label for b in model.base_model if _hub_repo(label := base_label(b))]
    return repos[0] if len(repos) == 1 else (repos or None)


def _plain(model: Model, base_hf_id: str | None = None) -> dict[str, Any]:
    """Metadata for the fields we own, as a fresh card would hold them (Hub-valid values)."""
    license_id, license_name = hub_license(model.license)
    datasets = [d for d in model.dataset_types if _HUB_REPO.match(d)]
    return {
        "model_name": model.name,
        "license": license_id,
        "license_name": license_name,
        "base_model": base_hf_id or _hub_bases(model),
        "datasets": datasets or None,
        "tags": list(model.tags) or None,
    }


#: Front-matter key -> the model field it holds.
_FIELD_OF = {
    "model_name": "name",
    "license": "license",
    "license_name": "license",
    "base_model": "base_model",
    "datasets": "dataset_types",
    "tags": "tags",
}


def _changed(
    metadata: dict[str, Any], model: Model, before: Model | None, base_hf_id: str | None
) -> dict[str, Any]:
    """The owned keys whose model field differs from what the original card said."""
    changed = {}
    for key, value in _plain(model, base_hf_id).items():
        field_name = _FIELD_OF[key]
        if before is not None and getattr(before, field_name) == getattr(model, field_name):
            continue
        if key == "model_name" and before is not None and "model_name" not in metadata:
            continue  # the name lives in model-index
        if key == "tags" and value and before is not None and "pipeline_tag" in metadata:
            value = [t for t in value if t != metadata["pipeline_tag"]] or None
        changed[key] = value
    return changed


def _metadata(model: Model, original: HFCard | None, base_hf_id: str | None) -> dict[str, Any]:
    metadata = copy.deepcopy(original.metadata) if original else {}
    before = Model.model_validate(original.model) if original else None
    for key, value in _changed(metadata, model, before, base_hf_id).items():
        if value is None:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    index = _model_index(model, original)
    if before is not None and before.name != model.name:
        for entry in index:
            entry["name"] = model.name
    if index:
        metadata["model-index"] = index
    else:
        metadata.pop("model-index", None)
    return metadata


def _body(model: Model) -> str:
    lines = [f"# {model.name}", ""]
    if model.summary:
        lines += [model.summary, ""]
    facts = [f"Lab: {model.lab}"]
    if model.released is not None:
        facts.append(f"released {model.released.display()}")
    if model.parameters_b is not None:
        facts.append(f"{model.parameters_b:g}B parameters")
    lines += [", ".join(facts) + ".", ""]
    if model.notes:
        lines += [model.notes, ""]
    if model.links:
        lines += ["## Links", ""]
        lines += [f"- [{link.title or link.kind}]({link.url})" for link in model.links]
        lines.append("")
    return "\n".join(lines)


def write_hf_card(
    model: Model, *, original: HFCard | None = None, base_hf_id: str | None = None
) -> str:
    """A README.md: front matter for ``model`` (on top of ``original``'s) and a body.

    Only values the Hub accepts are written: a licence id it knows (else ``other`` and
    ``license_name``), ``base_model`` and ``datasets`` only as Hub repository ids
    (``base_hf_id`` is the ``hf_id`` of the base model, when the catalog knows it).
    """
    metadata = _metadata(model, original, base_hf_id)
    front = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    body = original.body if original is not None else _body(model)
    if not body.startswith("\n"):
        body = "\n" + body
    return f"---\n{front}---\n{body}"
