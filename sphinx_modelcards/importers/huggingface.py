"""Read and write the metadata of Hugging Face model cards (the YAML front matter of a README).

:func:`read_hf_card` maps ``license``, ``base_model``, ``datasets``, ``tags``,
``pipeline_tag``, the model name and the ``model-index`` results for MMLU, MMLU-Pro,
GPQA and HLE onto a model dict. Everything else stays in the card's metadata, so
:func:`write_hf_card` with ``original=`` writes it back untouched: unmapped keys,
unmapped ``model-index`` results, and mapped ones whose values did not change.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..data.schema import BASE_RELATIONS, Model, Provenance, base_label, slugify
from .markdown import model_id_for

__all__ = [
    "MAPPED_KEYS",
    "HFCard",
    "benchmark_id",
    "read_hf_card",
    "split_front_matter",
    "write_hf_card",
]

#: Front-matter keys this module maps onto model fields.
MAPPED_KEYS = frozenset(
    {"license", "base_model", "datasets", "tags", "pipeline_tag", "model_name", "model-index"}
)

_ALIASES = {
    "mmlu": {"mmlu", "hendrycksmmlu", "hendryckstest"},
    "mmlu-pro": {"mmlupro"},
    "gpqa": {"gpqa", "gpqadiamond"},
    "hle": {"hle", "humanityslastexam"},
}
#: Name and dataset id written for a benchmark that the original card lacked.
_DATASETS = {
    "mmlu": ("MMLU", "cais/mmlu"),
    "mmlu-pro": ("MMLU-Pro", "TIGER-Lab/MMLU-Pro"),
    "gpqa": ("GPQA", "Idavidrein/gpqa"),
    "hle": ("Humanity's Last Exam", "cais/hle"),
}
_PRIMARY_METRICS = ("acc", "accuracy", "acc_norm", "exact_match", "em", "score")


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


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The ``---`` YAML block at the top of a README and the markdown after it."""
    text = text.lstrip("\ufeff")
    match = re.match(r"---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", text, re.S | re.M)
    if not match:
        return {}, text
    loaded = yaml.safe_load(match[1])
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise ValueError("the card's front matter is not a mapping")
    return loaded, text[match.end() :]


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


def _normalise(name: str) -> str:
    name = re.sub(r"\(.*?\)", "", name.lower().rsplit("/", 1)[-1])
    return re.sub(r"[^a-z0-9]", "", name)


def benchmark_id(name: str) -> str | None:
    """``"cais/mmlu"`` -> ``mmlu``, ``"MMLU-Pro (5-shot)"`` -> ``mmlu-pro``; others None."""
    key = _normalise(name)
    return next((bench for bench, names in _ALIASES.items() if key in names), None)


def _result_benchmark(result: dict[str, Any]) -> str | None:
    dataset, task = _mapping(result.get("dataset")), _mapping(result.get("task"))
    for candidate in (dataset.get("type"), dataset.get("name"), task.get("name")):
        if isinstance(candidate, str) and (bench := benchmark_id(candidate)):
            return bench
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _primary_metric(result: dict[str, Any]) -> tuple[int, float] | None:
    metrics = [m for m in _as_list(result.get("metrics")) if isinstance(m, dict)]
    numeric = [(i, v) for i, m in enumerate(metrics) if (v := _number(m.get("value"))) is not None]
    for i, value in numeric:
        if str(metrics[i].get("type", "")).lower() in _PRIMARY_METRICS:
            return i, value
    return numeric[0] if numeric else None


def _read_results(metadata: dict[str, Any], warnings: list[str]) -> list[_Result]:
    found: dict[str, _Result] = {}
    for e, entry in enumerate(_entries(metadata)):
        for i, result in enumerate(_results(entry)):
            bench = _result_benchmark(result)
            metric = _primary_metric(result) if bench else None
            if bench is None or metric is None:
                continue
            if bench in found:
                warnings.append(f"model-index: more than one {bench} result; using the first")
                continue
            fraction = 0 <= metric[1] <= 1
            score = round(metric[1] * 100, 6) if fraction else metric[1]
            found[bench] = _Result(bench, e, i, metric[0], score, fraction)
    return list(found.values())


# ----------------------------------------------------------------------- read


def _texts(value: Any) -> list[str]:
    return [str(v).strip() for v in _as_list(value) if str(v).strip()]


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


def _name(metadata: dict[str, Any], model_id: str | None) -> str | None:
    names = [metadata.get("model_name")] + [e.get("name") for e in _entries(metadata)]
    names.append(model_id.rsplit("/", 1)[-1] if model_id else None)
    return next((str(n).strip() for n in names if n and str(n).strip()), None)


def _identity(
    metadata: dict[str, Any], lab: str | None, model_id: str | None, warnings: list[str]
) -> dict[str, Any]:
    name = _name(metadata, model_id) or "model"
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


def _bases(model: Model) -> str | list[str] | None:
    """``base_model`` as the Hub writes it: one name, a list, or nothing."""
    labels = [base_label(b) for b in model.base_model]
    return labels[0] if len(labels) == 1 else (labels or None)


def read_hf_card(text: str, *, lab: str | None = None, model_id: str | None = None) -> HFCard:
    """Read a README.md model card; ``model_id`` may be a Hub id (``org/name``)."""
    metadata, body = split_front_matter(text)
    warnings: list[str] = []
    model = _identity(metadata, lab, model_id, warnings)
    base = _texts(metadata.get("base_model"))
    tags, papers = _tags_and_papers(metadata)
    results = _read_results(metadata, warnings)
    model |= {
        "dataset_types": _texts(metadata.get("datasets")),
        "benchmarks": {r.benchmark: _with_provenance(metadata, r) for r in results},
        "tags": tags,
        "links": model.get("links", []) + papers,
        "license": ", ".join(_texts(metadata.get("license"))) or None,
        "base_model": base[0] if len(base) == 1 else base,
        "base_relation": _relation(metadata.get("base_model_relation")),
    }
    model = {k: v for k, v in model.items() if v not in (None, [], {})}
    return HFCard(model, copy.deepcopy(metadata), body, warnings, results)


# ---------------------------------------------------------------------- write


def _new_result(bench: str, score: float, info: Provenance | None = None) -> dict[str, Any]:
    name, dataset = _DATASETS.get(bench, (bench, bench))
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


def _plain(model: Model) -> dict[str, Any]:
    """Metadata for the fields we own, as a fresh card would hold them."""
    return {
        "model_name": model.name,
        "license": model.license,
        "base_model": _bases(model),
        "datasets": list(model.dataset_types) or None,
        "tags": list(model.tags) or None,
    }


#: Front-matter key -> the model field it holds.
_FIELD_OF = {
    "model_name": "name",
    "license": "license",
    "base_model": "base_model",
    "datasets": "dataset_types",
    "tags": "tags",
}


def _changed(metadata: dict[str, Any], model: Model, before: Model | None) -> dict[str, Any]:
    """The owned keys whose model field differs from what the original card said."""
    changed = {}
    for key, value in _plain(model).items():
        field_name = _FIELD_OF[key]
        if before is not None and getattr(before, field_name) == getattr(model, field_name):
            continue
        if key == "model_name" and before is not None and "model_name" not in metadata:
            continue  # the name lives in model-index
        if key == "tags" and value and before is not None and "pipeline_tag" in metadata:
            value = [t for t in value if t != metadata["pipeline_tag"]] or None
        changed[key] = value
    return changed


def _metadata(model: Model, original: HFCard | None) -> dict[str, Any]:
    metadata = copy.deepcopy(original.metadata) if original else {}
    before = Model.model_validate(original.model) if original else None
    for key, value in _changed(metadata, model, before).items():
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


def write_hf_card(model: Model, *, original: HFCard | None = None) -> str:
    """A README.md: front matter for ``model`` (on top of ``original``'s) and a body."""
    metadata = _metadata(model, original)
    front = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    body = original.body if original is not None else _body(model)
    if not body.startswith("\n"):
        body = "\n" + body
    return f"---\n{front}---\n{body}"
