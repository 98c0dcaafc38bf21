"""Synthetic catalogs and the Sphinx projects the benchmark builds from them.

Everything here is deterministic: one ``random.Random(seed)`` drives the whole
catalog, so the same ``(n, seed)`` always gives byte-identical projects.

Variants (one Sphinx project each, same catalog, same page names):

``modelcards``
    ``conf.py`` with ``extensions = ["sphinx_modelcards"]`` and a ``data/`` folder of
    one YAML file per model; the extension generates ``catalog/``.
``static`` (baseline S)
    The pages the extension generates, written out as plain reST by this script
    (field lists, list-tables, ``:doc:`` links), with the same toctree structure:
    index -> labs index -> lab pages; model pages are orphans linked from lab pages.
``flat`` (baseline F)
    The same static pages, but the model pages sit in one flat ``:glob:`` toctree
    in the root index, as a user scripting pages typically gets.
``needs`` (sphinx-needs)
    One ``.. need::`` per model page with the model fields as need fields, model
    pages in a toctree of their lab's page, and ``needtable`` s for lab,
    architecture, tag and leaderboard pages.
``floor``
    The same documents and toctree structure, with only a title on each page.

This module deliberately does not import ``sphinx_modelcards``: the baselines must
not change when the extension does.

Run it alone to look at the projects: ``python bench/generate.py --n 50 --out /tmp/gen``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import math
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml

try:  # the C emitter is ~10x faster on 10,000 files
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

DEFAULT_SEED = 20250101
N_LABS = 170
#: Exponent of the Zipf-like lab sizes; with 170 labs the largest holds about 7%.
ZIPF_EXPONENT = 0.7
PAGES = "catalog"

# --- Vocabulary -------------------------------------------------------------------------------

ARCHITECTURES: dict[str, tuple[str, float, str]] = {
    # id: (display name, share, description) -- shares follow the seed data in docs/data.
    "dense": ("Dense", 0.79, "Every parameter takes part in every token: the classic transformer."),
    "moe": (
        "MoE",
        0.19,
        "Mixture of experts: a router sends each token to a few expert blocks, so only "
        "a fraction of the parameters is active per token.",
    ),
    "matformer": (
        "MatFormer",
        0.005,
        "Nested (Matryoshka) transformer: smaller models are slices of a larger one.",
    ),
    "hybrid": (
        "Hybrid",
        0.005,
        "Mixes attention with other sequence layers such as state-space blocks.",
    ),
    "compound": ("Compound", 0.005, "A system of several models and tools presented as one model."),
    "coe": ("CoE", 0.005, "Composition of experts: separate expert models behind a router."),
}


def _bands(name: str, skill: str) -> list[tuple[float, float | None, str]]:
    return [
        (90, None, f"Exceptional performance on {name} (90%+), at the top of the field."),
        (80, 90, f"Strong performance on {name} (80-90%), indicating solid {skill}."),
        (60, 80, f"Good {skill} on {name} (60-80%)."),
        (40, 60, f"Moderate {skill} on {name} (40-60%)."),
        (0, 40, f"Limited {skill} on {name} (below 40%)."),
    ]


#: id: (name, description, score range, analysis bands as (min, max, text)).
BENCHMARKS: dict[
    str, tuple[str, str, tuple[float, float], list[tuple[float, float | None, str]]]
] = {
    "mmlu": (
        "MMLU",
        "General knowledge across 57 subjects",
        (25.0, 92.0),
        _bands("MMLU", "general capabilities"),
    ),
    "mmlu-pro": (
        "MMLU-Pro",
        "Harder, reasoning-focused MMLU variant with ten choices",
        (10.0, 85.0),
        _bands("MMLU-Pro", "knowledge and reasoning"),
    ),
    "gpqa": (
        "GPQA",
        "Graduate-level, Google-proof science questions",
        (20.0, 80.0),
        _bands("GPQA", "reasoning capabilities"),
    ),
    "hle": (
        "HLE",
        "Humanity's Last Exam: expert-written questions at the frontier",
        (1.0, 30.0),
        [
            (40, None, "Frontier-level results on Humanity's Last Exam (40%+)."),
            (20, 40, "Strong results on Humanity's Last Exam (20-40%)."),
            (0, 20, "Early results on Humanity's Last Exam (below 20%)."),
        ],
    ),
}
BENCHMARK_URLS = {
    "mmlu": "https://arxiv.org/abs/2009.03300",
    "mmlu-pro": "https://arxiv.org/abs/2406.01574",
    "gpqa": "https://arxiv.org/abs/2311.12022",
    "hle": "https://arxiv.org/abs/2501.14249",
}
#: How many of the four benchmarks a model reports (0 to 4), with gaps.
SCORE_COUNT_WEIGHTS = (0.15, 0.30, 0.25, 0.20, 0.10)

TAGS = (
    "Open weights",
    "Reasoning",
    "Multimodal",
    "Long context",
    "Code",
    "Chat",
    "Small",
    "SOTA",
    "Instruct",
    "Multilingual",
    "Research",
    "Agentic",
)

ACCESS = (("public", 0.55), ("limited", 0.25), ("private", 0.15), ("unknown", 0.05))
ACCESS_LABELS = {
    "public": "Public",
    "limited": "Limited",
    "private": "Private",
    "unknown": "Unknown",
}
DATASET_TYPES = ("web-scale", "code", "books", "math", "synthetic", "multilingual", "images")
LICENSES = ("apache-2.0", "mit", "llama-community", "proprietary", "cc-by-4.0", "gemma")
CONTEXT_WINDOWS = (2048, 4096, 8192, 32768, 128000, 200000, 1000000)
SIZES_B = (0.5, 1, 1.5, 2, 3, 7, 8, 9, 13, 14, 27, 32, 34, 40, 70, 72, 110, 180, 340, 405)


def _words(text: str) -> tuple[str, ...]:
    """A vocabulary written as one string (easier to read than a column of literals)."""
    return tuple(text.split())


LAB_PREFIXES = _words(
    "Aster Borealis Cobalt Delphi Ember Fjord Granite Helio Indigo Juniper Kestrel "
    "Lumen Meridian Nimbus Obsidian Polaris Quartz Riverbend Sable Tundra Umbra "
    "Vantage Willow Xenon Yarrow Zephyr Alder Basalt Cinder Drift Echo Flint "
    "Glacier Harbor Iris Jasper Krypton Lattice Monsoon Nova"
)
LAB_SUFFIXES = ("AI", "Labs", "Research", "Systems", "Intelligence")
COUNTRIES = ("United States", "France", "China", "United Kingdom", "Canada", "Germany", "Japan")
SERIES = _words(
    "Atlas Beacon Cipher Dune Ether Falcon Gale Halo Ion Jade Kite Lyra Mosaic "
    "Nexus Orbit Pulse Quill Rune Sonar Tide"
)
WORDS = _words(
    "model training tokens parameters attention layers context window benchmark "
    "reasoning code math data mixture experts routing efficient inference latency "
    "quantised weights release instruction tuning preference optimisation safety "
    "evaluation multilingual vision audio retrieval long sparse dense distillation "
    "teacher student checkpoint scaling compute budget throughput memory cache "
    "hardware accelerators cluster curriculum synthetic filtered deduplicated "
    "corpus licence open research preview production api chat agent tools planning"
)


def slugify(text: str) -> str:
    """Lowercase ASCII slug (the same rule the extension uses for tags)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower())
    return re.sub(r"\.{2,}", ".", slug).strip("-.") or "x"


# --- The synthetic catalog ----------------------------------------------------------------------


@dataclass
class SyntheticCatalog:
    """Labs and models as plain data (the shapes of the YAML files)."""

    n: int
    seed: int
    labs: list[dict[str, Any]]
    models: list[dict[str, Any]]
    edit_id: str = ""
    _by_id: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def model(self, model_id: str) -> dict[str, Any]:
        """The model with this id."""
        if not self._by_id:
            self._by_id = {m["id"]: m for m in self.models}
        return self._by_id[model_id]

    def with_edit(self) -> SyntheticCatalog:
        """A copy with one benchmark score of :attr:`edit_id` changed by 0.1."""
        models = copy.deepcopy(self.models)
        for model in models:
            if model["id"] == self.edit_id:
                score = model["benchmarks"]["mmlu"]
                model["benchmarks"]["mmlu"] = round(score - 0.1 if score > 99 else score + 0.1, 1)
        return SyntheticCatalog(self.n, self.seed, self.labs, models, self.edit_id)


def lab_sizes(n: int, labs: int = N_LABS, exponent: float = ZIPF_EXPONENT) -> list[int]:
    """Models per lab, largest first: Zipf-like weights, largest remainders, at least one each."""
    labs = max(1, min(labs, n // 4))
    weights = [1 / (rank**exponent) for rank in range(1, labs + 1)]
    total = sum(weights)
    extra = n - labs  # every lab gets one model; the rest follow the weights
    exact = [extra * w / total for w in weights]
    sizes = [1 + math.floor(x) for x in exact]
    remainders = sorted(range(labs), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    for index in remainders[: n - sum(sizes)]:
        sizes[index] += 1
    return sizes


def _weighted(rng: Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _sentence_words(rng: Random, count: int) -> str:
    words = rng.choices(WORDS, k=count)
    text, start = [], 0
    while start < count:
        length = rng.randint(9, 16)
        chunk = words[start : start + length]
        text.append(" ".join(chunk).capitalize() + ".")
        start += length
    return " ".join(text)


def _make_labs(rng: Random, count: int) -> list[dict[str, Any]]:
    names = [f"{p} {s}" for p in LAB_PREFIXES for s in LAB_SUFFIXES]
    chosen = rng.sample(names, count)
    labs = []
    for name in chosen:
        lab_id = slugify(name)
        labs.append(
            {
                "id": lab_id,
                "name": name,
                "url": f"https://{lab_id}.example/",
                "country": rng.choice(COUNTRIES),
                "description": _sentence_words(rng, 25),
            }
        )
    return labs


def _released(rng: Random) -> str:
    if rng.random() < 0.03:
        return "TBA"
    year = rng.choices(range(2019, 2027), weights=(1, 2, 3, 5, 8, 12, 16, 6))[0]
    month = rng.randint(1, 12)
    if rng.random() < 0.5:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}"


def _make_model(
    rng: Random, lab: dict[str, Any], taken: set[str], earlier: list[str]
) -> dict[str, Any]:
    series = rng.choice(SERIES)
    version = f"{rng.randint(1, 4)}.{rng.randint(0, 9)}"
    size = rng.choice(SIZES_B)
    architecture = _weighted(rng, [(a, v[1]) for a, v in ARCHITECTURES.items()])
    prefix = lab["name"].split()[0]
    name = f"{prefix} {series} {version} {size:g}B"
    model_id = slugify(name)
    if model_id in taken:
        suffix = 2
        while f"{model_id}-v{suffix}" in taken:
            suffix += 1
        model_id, name = f"{model_id}-v{suffix}", f"{name} v{suffix}"
    taken.add(model_id)
    model: dict[str, Any] = {"id": model_id, "name": name}
    if rng.random() < 0.7:
        model["summary"] = _sentence_words(rng, 10)
    model["lab"] = lab["id"]
    model["released"] = _released(rng)
    model["access"] = _weighted(rng, ACCESS)
    model["architecture"] = architecture
    if rng.random() < 0.9:
        total = float(size * 8) if architecture == "moe" else float(size)
        model["parameters_b"] = total
        if architecture == "moe":
            model["active_parameters_b"] = float(size)
    if rng.random() < 0.8:
        model["training_tokens_b"] = float(rng.choice((300, 1000, 2000, 4000, 9000, 15000)))
    if rng.random() < 0.8:
        model["context_window"] = rng.choice(CONTEXT_WINDOWS)
    model["dataset_types"] = rng.sample(DATASET_TYPES, rng.randint(1, 3))
    count = rng.choices(range(5), weights=SCORE_COUNT_WEIGHTS)[0]
    chosen = set(rng.sample(sorted(BENCHMARKS), count))
    model["benchmarks"] = {
        b: round(rng.uniform(*BENCHMARKS[b][2]), 1) for b in BENCHMARKS if b in chosen
    }
    model["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    model["notes"] = _sentence_words(rng, 80)
    model["links"] = [
        {
            "kind": "paper",
            "url": f"https://arxiv.org/abs/24{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}",
            "title": f"{name} technical report",
        },
        {"kind": "weights", "url": f"https://huggingface.co/{lab['id']}/{model_id}"},
    ]
    model["license"] = rng.choice(LICENSES)
    if earlier and rng.random() < 0.1:
        model["base_model"] = rng.choice(earlier)
    model["last_updated"] = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
    return model


def make_catalog(n: int, seed: int = DEFAULT_SEED) -> SyntheticCatalog:
    """A catalog of ``n`` models over about 170 labs, from a fixed seed."""
    rng = Random(seed)
    sizes = lab_sizes(n)
    labs = _make_labs(rng, len(sizes))
    taken: set[str] = set()
    models = []
    for lab, size in zip(labs, sizes, strict=True):
        earlier: list[str] = []
        for _ in range(size):
            model = _make_model(rng, lab, taken, earlier)
            earlier.append(model["id"])
            models.append(model)
    models.sort(key=lambda m: m["id"])
    biggest = labs[0]["id"]
    # The model to edit: one of the biggest lab's, so its lab page is the largest table.
    candidates = [m for m in models if m["lab"] == biggest]
    target = next((m for m in candidates if "mmlu" in m["benchmarks"]), candidates[0])
    target["benchmarks"].setdefault("mmlu", 50.0)
    return SyntheticCatalog(n, seed, labs, models, target["id"])


# --- Derived figures (computed here, independently of the extension) ---------------------------

TIERS = (
    (20.0, "Extremely powerful"),
    (10.0, "Very powerful"),
    (5.0, "Powerful"),
    (1.0, "Mid-tier"),
    (0.0, "Lightweight"),
)


def alscore(model: dict[str, Any]) -> float | None:
    """``sqrt(parameters x tokens) / 300``."""
    params, tokens = model.get("parameters_b"), model.get("training_tokens_b")
    return math.sqrt(params * tokens) / 300 if params and tokens else None


def tier(score: float | None) -> str | None:
    """The ALScore tier label."""
    if score is None:
        return None
    shown = round(score, 1)
    return next(label for bound, label in TIERS if shown >= bound)


def fmt_billions(value: float | None) -> str:
    """``7B``, ``1.5B``, ``405B``."""
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}B"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + "B"


def fmt_tokens(value: float | None) -> str:
    """``15T`` or billions."""
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value / 1000:,.2f}".rstrip("0").rstrip(".") + "T"
    return fmt_billions(value)


def fmt_alscore(score: float | None) -> str:
    """One decimal, ``<0.1`` for tiny scores."""
    if score is None:
        return "-"
    return "<0.1" if score < 0.05 else f"{score:.1f}"


def fmt_score(score: float | None) -> str:
    """A benchmark score to one decimal."""
    return "-" if score is None else f"{score:.1f}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def released_parts(model: dict[str, Any]) -> tuple[int, int, int] | None:
    """``(year, month, day)`` or None for TBA."""
    text = model.get("released", "TBA")
    if text == "TBA":
        return None
    parts = [int(p) for p in text.split("-")]
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else 0)


def fmt_released(model: dict[str, Any]) -> str:
    """``Mar 2024``, ``28 Mar 2024`` or ``TBA``."""
    parts = released_parts(model)
    if parts is None:
        return "TBA"
    year, month, day = parts
    text = f"{MONTHS[month - 1]} {year}"
    return f"{day} {text}" if day else text


def analysis(bench_id: str, score: float | None) -> str | None:
    """The analysis sentence of the band a score falls in."""
    if score is None:
        return None
    for low, high, text in BENCHMARKS[bench_id][3]:
        if score >= low and (high is None or score < high):
            return text
    return None


# --- reST helpers ---------------------------------------------------------------------------


def title(text: str, char: str = "=") -> list[str]:
    """A section title."""
    return [text, char * len(text), ""]


def escape(text: str) -> str:
    """Escape reST inline markup characters in plain text."""
    return re.sub(r"([\\*`|_\[\]])", r"\\\1", text)


def doc_link(docname: str, label: str) -> str:
    """An absolute ``:doc:`` link."""
    return f":doc:`{escape(label)} </{docname}>`"


def list_table(
    headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[str]], **opts: str
) -> list[str]:
    """A ``list-table`` directive."""
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {' '.join(map(str, widths))}"]
    lines += [f"   :{key}: {value}" for key, value in opts.items()]
    lines.append("")
    for row in [list(headers), *rows]:
        for index, cell in enumerate(row):
            bullet = "* -" if index == 0 else "  -"
            text = cell if cell and cell != "-" else "\\-"  # a lone "-" would start a list
            lines.append(f"   {bullet} {text}")
    return [*lines, ""]


def field_list(items: Iterable[tuple[str, str | None]]) -> list[str]:
    """A field list; ``None`` values are skipped."""
    lines = [f":{name.replace(':', chr(92) + ':')}: {value}" for name, value in items if value]
    return [*lines, ""] if lines else []


def toctree(entries: Iterable[str], *, hidden: bool = False, glob: bool = False) -> list[str]:
    """A toctree directive."""
    lines = [".. toctree::", "   :maxdepth: 1"]
    if hidden:
        lines.append("   :hidden:")
    if glob:
        lines.append("   :glob:")
    return [*lines, "", *(f"   {e}" for e in entries), ""]


def page(lines: Iterable[str], *, orphan: bool = False) -> str:
    """A page's source text."""
    head = [":orphan:", ""] if orphan else []
    return "\n".join([*head, *lines]).rstrip() + "\n"


# --- The static pages (baselines S and F) ---------------------------------------------------


@dataclass
class Views:
    """Lookups every page writer needs."""

    catalog: SyntheticCatalog
    labs: dict[str, dict[str, Any]]
    by_lab: dict[str, list[dict[str, Any]]]
    by_arch: dict[str, list[dict[str, Any]]]
    by_tag: dict[str, list[dict[str, Any]]]
    tag_names: dict[str, str]

    @classmethod
    def of(cls, catalog: SyntheticCatalog) -> Views:
        """Group a catalog's models (each group sorted by id, like the extension)."""
        by_lab: dict[str, list[dict[str, Any]]] = {}
        by_arch: dict[str, list[dict[str, Any]]] = {}
        by_tag: dict[str, list[dict[str, Any]]] = {}
        tag_names: dict[str, str] = {}
        for model in catalog.models:
            by_lab.setdefault(model["lab"], []).append(model)
            by_arch.setdefault(model["architecture"], []).append(model)
            for tag in model["tags"]:
                tag_names.setdefault(slugify(tag), tag)
                by_tag.setdefault(slugify(tag), []).append(model)
        return cls(
            catalog=catalog,
            labs={lab["id"]: lab for lab in catalog.labs},
            by_lab=dict(sorted(by_lab.items())),
            by_arch={a: by_arch[a] for a in ARCHITECTURES if a in by_arch},
            by_tag=dict(sorted(by_tag.items())),
            tag_names=tag_names,
        )


def _p(name: str) -> str:
    return f"{PAGES}/{name}"


def _model_link(model: dict[str, Any]) -> str:
    return doc_link(_p(f"models/{model['id']}"), model["name"])


def _lab_link(views: Views, lab_id: str) -> str:
    return doc_link(_p(f"labs/{lab_id}"), views.labs[lab_id]["name"])


def _arch_link(arch: str) -> str:
    return doc_link(_p(f"architectures/{arch}"), ARCHITECTURES[arch][0])


def _bench_link(bench_id: str) -> str:
    return f":ref:`{BENCHMARKS[bench_id][0]} <bench-{bench_id}>`"


def _released_key(model: dict[str, Any]) -> tuple[int, int, int] | None:
    return released_parts(model)


def _sorted_by(
    models: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any], descending: bool
) -> list[dict[str, Any]]:
    """Missing values last in either direction; ties by name then id."""
    ordered = sorted(models, key=lambda m: (m["name"].casefold(), m["id"]))
    present = [m for m in ordered if key(m) is not None]
    missing = [m for m in ordered if key(m) is None]
    present.sort(key=key, reverse=descending)
    return present + missing


GROUP_HEADERS = ("Model", "Parameters", "Architecture", "ALScore", "MMLU", "GPQA", "Released")


def _group_rows(models: Iterable[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            _model_link(m),
            fmt_billions(m.get("parameters_b")),
            _arch_link(m["architecture"]),
            fmt_alscore(alscore(m)),
            fmt_score(m["benchmarks"].get("mmlu")),
            fmt_score(m["benchmarks"].get("gpqa")),
            fmt_released(m),
            ACCESS_LABELS[m["access"]],
        ]
        for m in _sorted_by(models, _released_key, descending=True)
    ]


def _group_page(
    heading: str, description: str | None, extra: list[tuple[str, str | None]], models: list
) -> list[str]:
    public = sum(1 for m in models if m["access"] == "public")
    lines = title(heading)
    if description:
        lines += [escape(description), ""]
    lines += field_list(extra)
    lines += [f"**Total models**: {len(models):,} · **Public**: {public:,}", ""]
    lines += list_table(
        [*GROUP_HEADERS, "Access"], (24, 8, 10, 8, 6, 6, 10, 9), _group_rows(models)
    )
    return lines


def _model_page(views: Views, model: dict[str, Any]) -> list[str]:
    lab = views.labs[model["lab"]]
    arch = model["architecture"]
    score = alscore(model)
    lines = title(model["name"])
    lines += [f"{_lab_link(views, lab['id'])} · {_arch_link(arch)}", ""]
    if model.get("summary"):
        lines += [escape(model["summary"]), ""]
    lines += field_list(
        [
            ("Organization", _lab_link(views, lab["id"])),
            ("Released", fmt_released(model)),
            ("Access", ACCESS_LABELS[model["access"]]),
        ]
    )
    sentence = f"{escape(model['name'])} is a {ARCHITECTURES[arch][0]} model from {lab['name']}"
    if model.get("parameters_b"):
        sentence += f" with {fmt_billions(model['parameters_b'])} parameters"
    if model.get("training_tokens_b"):
        sentence += f" trained on {fmt_tokens(model['training_tokens_b'])} tokens"
    sentence += f", released {fmt_released(model)}."
    if score is not None:
        sentence += f" Its ALScore is {fmt_alscore(score)} ({tier(score)})."
    lines += [*title("Overview", "-"), sentence, ""]
    ratio = None
    if model.get("parameters_b") and model.get("training_tokens_b"):
        value = model["training_tokens_b"] / model["parameters_b"]
        verdict = "Compute-optimal (≥ 20:1)" if value >= 20 else "Under-trained (< 20:1)"
        ratio = (f"{round(value):,}:1" if value >= 10 else f"{value:.1f}:1") + f" — {verdict}"
    base = model.get("base_model")
    lines += title("Technical specifications", "-")
    lines += field_list(
        [
            ("Architecture", _arch_link(arch)),
            ("Parameters", fmt_billions(model.get("parameters_b"))),
            (
                "Active parameters",
                fmt_billions(model["active_parameters_b"])
                if model.get("active_parameters_b")
                else None,
            ),
            ("Training tokens", fmt_tokens(model.get("training_tokens_b"))),
            ("Token:param ratio", ratio or "-"),
            (
                "Context window",
                f"{model['context_window']:,} tokens" if model.get("context_window") else None,
            ),
            ("Licence", model.get("license")),
            ("Base model", _model_link(views.catalog.model(base)) if base else None),
        ]
    )
    lines += title("Training efficiency", "-")
    if score is None:
        lines += ["**ALScore**: - (needs parameters and training tokens)", ""]
    else:
        lines += [f"**ALScore**: {fmt_alscore(score)} ({tier(score)})", ""]
    lines += ["Formula: √(parameters × tokens) ÷ 300, both in billions.", ""]  # noqa: RUF001
    lines += [
        *title("Training data", "-"),
        *field_list([("Dataset types", ", ".join(model["dataset_types"]))]),
    ]
    lines += title("Performance benchmarks", "-")
    rows = [
        [_bench_link(b), fmt_score(model["benchmarks"].get(b)), BENCHMARKS[b][1]]
        for b in BENCHMARKS
    ]
    lines += list_table(["Benchmark", "Score", "Description"], (14, 8, 40), rows)
    for b in BENCHMARKS:
        text = analysis(b, model["benchmarks"].get(b))
        if text:
            lines += [f"**Analysis**: {text}", ""]
    tags = " ".join(doc_link(_p(f"tags/{slugify(t)}"), t) for t in model["tags"])
    lines += [*title("Tags", "-"), tags, ""]
    lines += [*title("Notes", "-"), escape(model["notes"]), ""]
    lines += title("Resources", "-")
    for link in model["links"]:
        label = link.get("title") or link["kind"].capitalize()
        suffix = f" ({link['kind'].capitalize()})" if link.get("title") else ""
        lines.append(f"* `{escape(label)} <{link['url']}>`__{suffix}")
    lines.append("")
    lines += title("Related models", "-")
    lines += [f"All models from {_lab_link(views, lab['id'])}.", ""]
    lines += [f"All {_arch_link(arch)} models.", ""]
    neighbours = _closest(views, model)
    if neighbours:
        lines += [f"Closest releases from {lab['name']}:", ""]
        lines += [f"* {_model_link(o)} ({fmt_released(o)})" for o in neighbours]
        lines.append("")
    lines += [f"**Last updated:** {model['last_updated'].isoformat()}", ""]
    return lines


def _month_index(model: dict[str, Any]) -> int:
    parts = released_parts(model)
    return 10**6 if parts is None else parts[0] * 12 + parts[1]


def _closest(views: Views, model: dict[str, Any], count: int = 5) -> list[dict[str, Any]]:
    origin = _month_index(model)
    others = [m for m in views.by_lab[model["lab"]] if m["id"] != model["id"]]
    others.sort(key=lambda m: (abs(_month_index(m) - origin), m["id"]))
    return others[:count]


LEADER_HEADERS = ("Rank", "Model", "Lab", "Parameters", "Tokens", "ALScore", "MMLU", "GPQA")


def _leaderboard(views: Views, limit: int) -> list[str]:
    ranked = _sorted_by(views.catalog.models, alscore, descending=True)[:limit]
    rows = [
        [
            str(rank),
            _model_link(m),
            _lab_link(views, m["lab"]),
            fmt_billions(m.get("parameters_b")),
            fmt_tokens(m.get("training_tokens_b")),
            fmt_alscore(alscore(m)),
            fmt_score(m["benchmarks"].get("mmlu")),
            fmt_score(m["benchmarks"].get("gpqa")),
            ACCESS_LABELS[m["access"]],
        ]
        for rank, m in enumerate(ranked, 1)
    ]
    return list_table([*LEADER_HEADERS, "Access"], (5, 24, 14, 8, 8, 8, 6, 6, 9), rows)


def _index_table(kind: str, groups: dict[str, list[dict[str, Any]]], label: Callable) -> list[str]:
    rows = sorted(
        (
            (-len(ms), label(g).casefold(), g, sum(1 for m in ms if m["access"] == "public"))
            for g, ms in groups.items()
        ),
    )
    cells = [
        [doc_link(_p(f"{kind}/{g}"), label(g)), f"{-count:,}", f"{public:,}"]
        for count, _, g, public in rows
    ]
    return list_table([kind.capitalize().rstrip("s"), "Models", "Public"], (24, 8, 8), cells)


def _benchmarks_page() -> list[str]:
    lines = title("Benchmarks")
    for bench_id, (name, description, _, bands) in BENCHMARKS.items():
        lines += [f".. _bench-{bench_id}:", "", *title(name, "-"), description, ""]
        lines += field_list(
            [("Id", bench_id), ("Scale", "0-100"), ("Reference", BENCHMARK_URLS[bench_id])]
        )
        lines += [f"* {text}" for _, _, text in bands] + [""]
    return lines


def _catalog_index(views: Views, models: Sequence[dict[str, Any]]) -> list[str]:
    by_access = {k: sum(1 for m in models if m["access"] == k) for k in ACCESS_LABELS}
    lines = title("Model catalog")
    lines += field_list(
        [
            ("Models", f"{len(models):,}"),
            *((f"{ACCESS_LABELS[k]} models", f"{v:,}") for k, v in by_access.items() if v),
            ("Labs", f"{len(views.by_lab):,}"),
            ("Architectures", f"{len(views.by_arch):,}"),
            ("Benchmarks", f"{len(BENCHMARKS):,}"),
        ]
    )
    lines += toctree(
        ["labs/index", "architectures/index", "tags/index", "benchmarks", "all-models"]
    )
    return lines


def static_pages(catalog: SyntheticCatalog, *, flat: bool) -> dict[str, str]:
    """Docname -> reST of baseline S (``flat=False``) or F (``flat=True``)."""
    views = Views.of(catalog)
    models = catalog.models
    if flat:
        root = toctree([f"{PAGES}/index", f"{PAGES}/models/*"], glob=True)
    else:
        root = toctree([f"{PAGES}/index"])
    pages = {"index": page([*title("Benchmark project"), *root])}
    index = _catalog_index(views, models)
    index += [*title("Top models by ALScore", "-"), *_leaderboard(views, 30)]
    pages[_p("index")] = page(index)
    all_rows = [
        [
            _model_link(m),
            _lab_link(views, m["lab"]),
            fmt_released(m),
            _arch_link(m["architecture"]),
            fmt_billions(m.get("parameters_b")),
            fmt_tokens(m.get("training_tokens_b")),
            fmt_alscore(alscore(m)),
            ACCESS_LABELS[m["access"]],
        ]
        for m in _sorted_by(models, lambda m: m["name"].casefold(), descending=False)
    ]
    headers = ["Model", "Lab", "Released", "Architecture", "Parameters", "Tokens", "ALScore"]
    pages[_p("all-models")] = page(
        [
            *title("All models"),
            *list_table([*headers, "Access"], (24, 14, 10, 10, 8, 8, 8, 9), all_rows),
        ]
    )
    pages[_p("compare")] = page(title("Compare models"), orphan=True)  # as the extension's
    pages[_p("benchmarks")] = page(_benchmarks_page())
    pages[_p("labs/index")] = page(
        [
            *title("Labs"),
            *_index_table("labs", views.by_lab, lambda g: views.labs[g]["name"]),
            *toctree(views.by_lab, hidden=True),
        ]
    )
    pages[_p("architectures/index")] = page(
        [
            *title("Architectures"),
            *_index_table("architectures", views.by_arch, lambda g: ARCHITECTURES[g][0]),
            *toctree(views.by_arch, hidden=True),
        ]
    )
    pages[_p("tags/index")] = page(
        [
            *title("Tags"),
            *_index_table("tags", views.by_tag, lambda g: views.tag_names[g]),
            *toctree(views.by_tag, hidden=True),
        ]
    )
    for lab_id, ms in views.by_lab.items():
        lab = views.labs[lab_id]
        extra = [("Website", lab["url"]), ("Country", lab["country"])]
        pages[_p(f"labs/{lab_id}")] = page(_group_page(lab["name"], lab["description"], extra, ms))
    for arch, ms in views.by_arch.items():
        name, _, description = ARCHITECTURES[arch]
        pages[_p(f"architectures/{arch}")] = page(_group_page(name, description, [], ms))
    for tag, ms in views.by_tag.items():
        pages[_p(f"tags/{tag}")] = page(_group_page(views.tag_names[tag], None, [], ms))
    for model in models:
        pages[_p(f"models/{model['id']}")] = page(_model_page(views, model), orphan=not flat)
    return pages


def floor_pages(catalog: SyntheticCatalog) -> dict[str, str]:
    """The same documents and toctrees as baseline S, each with only its title."""
    views = Views.of(catalog)
    pages = {"index": page([*title("Benchmark project"), *toctree([f"{PAGES}/index"])])}
    pages[_p("index")] = page(
        [
            *title("Model catalog"),
            *toctree(
                ["labs/index", "architectures/index", "tags/index", "benchmarks", "all-models"]
            ),
        ]
    )
    pages[_p("all-models")] = page(title("All models"))
    pages[_p("compare")] = page(title("Compare models"), orphan=True)  # as the extension's
    pages[_p("benchmarks")] = page(title("Benchmarks"))
    for kind, groups in (
        ("labs", views.by_lab),
        ("architectures", views.by_arch),
        ("tags", views.by_tag),
    ):
        pages[_p(f"{kind}/index")] = page(
            [*title(kind.capitalize()), *toctree(groups, hidden=True)]
        )
    for lab_id in views.by_lab:
        pages[_p(f"labs/{lab_id}")] = page(title(views.labs[lab_id]["name"]))
    for arch in views.by_arch:
        pages[_p(f"architectures/{arch}")] = page(title(ARCHITECTURES[arch][0]))
    for tag in views.by_tag:
        pages[_p(f"tags/{tag}")] = page(title(views.tag_names[tag]))
    for model in catalog.models:
        pages[_p(f"models/{model['id']}")] = page(title(model["name"]), orphan=True)
    return pages


# --- sphinx-needs ---------------------------------------------------------------------------

NEED_FIELDS = (
    "lab",
    "architecture",
    "released",
    "access",
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "license",
    "alscore",
    "alscore_rank",
    "mmlu",
    "mmlu_pro",
    "gpqa",
    "hle",
    "summary",
    "dataset_types",
    "last_updated",
)
NEED_COLUMNS = "id;title;parameters_b;architecture;alscore;mmlu;gpqa;released;access"


def need_id(model_id: str) -> str:
    """A sphinx-needs id for a model."""
    return "M_" + re.sub(r"[^A-Z0-9]", "_", model_id.upper())


def _need_values(model: dict[str, Any], rank: int) -> dict[str, str]:
    score = alscore(model)
    parts = released_parts(model)
    values = {
        "lab": model["lab"],
        "architecture": model["architecture"],
        "released": "TBA" if parts is None else "-".join(f"{p:02d}" for p in parts if p),
        "access": model["access"],
        "parameters_b": fmt_billions(model.get("parameters_b")),
        "active_parameters_b": fmt_billions(model.get("active_parameters_b")),
        "training_tokens_b": fmt_tokens(model.get("training_tokens_b")),
        "context_window": f"{model['context_window']:,}" if model.get("context_window") else "-",
        "license": model.get("license", "-"),
        "alscore": fmt_alscore(score),
        "alscore_rank": f"{rank:06d}",
        "summary": model.get("summary", "-"),
        "dataset_types": ", ".join(model["dataset_types"]),
        "last_updated": model["last_updated"].isoformat(),
    }
    for bench in BENCHMARKS:
        values[bench.replace("-", "_")] = fmt_score(model["benchmarks"].get(bench))
    return values


NEEDS_CONF = '''"""sphinx-needs baseline: one need per model."""

extensions = ["sphinx_needs"]
exclude_patterns = ["_build"]
needs_id_regex = r"^M_[A-Z0-9_]+$"
needs_types = [
    {{"directive": "need", "title": "Model", "prefix": "M_", "color": "#BFD8D2", "style": "node"}},
]
needs_fields = {{
{fields}
}}
suppress_warnings = ["needs.max_items"]
'''


def needs_pages(catalog: SyntheticCatalog) -> dict[str, str]:
    """Docname -> reST of the sphinx-needs baseline."""
    views = Views.of(catalog)
    ranked = _sorted_by(catalog.models, alscore, descending=True)
    rank = {m["id"]: i for i, m in enumerate(ranked, 1)}
    pages = {"index": page([*title("Benchmark project"), *toctree([f"{PAGES}/index"])])}
    index = _catalog_index(views, catalog.models)
    index += title("Top models by ALScore", "-")
    index += [".. needtable::", f"   :columns: {NEED_COLUMNS}", "   :sort: alscore_rank"]
    index += ["   :max_items: 30", "   :style: table", ""]
    pages[_p("index")] = page(index)
    pages[_p("all-models")] = page(
        [
            *title("All models"),
            ".. needtable::",
            f"   :columns: {NEED_COLUMNS}",
            "   :sort: title",
            "   :style: table",
            "",
        ]
    )
    pages[_p("compare")] = page(title("Compare models"), orphan=True)  # as the extension's
    pages[_p("benchmarks")] = page(_benchmarks_page())
    pages[_p("labs/index")] = page(
        [
            *title("Labs"),
            *_index_table("labs", views.by_lab, lambda g: views.labs[g]["name"]),
            *toctree(views.by_lab, hidden=True),
        ]
    )
    pages[_p("architectures/index")] = page(
        [
            *title("Architectures"),
            *_index_table("architectures", views.by_arch, lambda g: ARCHITECTURES[g][0]),
            *toctree(views.by_arch, hidden=True),
        ]
    )
    pages[_p("tags/index")] = page(
        [
            *title("Tags"),
            *_index_table("tags", views.by_tag, lambda g: views.tag_names[g]),
            *toctree(views.by_tag, hidden=True),
        ]
    )

    def table(filter_option: str) -> list[str]:
        return [
            ".. needtable::",
            f"   :columns: {NEED_COLUMNS}",
            f"   {filter_option}",
            "   :sort: released",
            "   :style: table",
            "",
        ]

    for lab_id, ms in views.by_lab.items():
        lab = views.labs[lab_id]
        lines = [*title(lab["name"]), escape(lab["description"]), ""]
        lines += field_list([("Website", lab["url"]), ("Country", lab["country"])])
        lines += table(f':filter: lab == "{lab_id}"')
        lines += toctree((f"../models/{m['id']}" for m in ms), hidden=True)
        pages[_p(f"labs/{lab_id}")] = page(lines)
    for arch in views.by_arch:
        name, _, description = ARCHITECTURES[arch]
        pages[_p(f"architectures/{arch}")] = page(
            [*title(name), description, "", *table(f':filter: architecture == "{arch}"')]
        )
    for tag in views.by_tag:
        pages[_p(f"tags/{tag}")] = page([*title(views.tag_names[tag]), "", *table(f":tags: {tag}")])
    for model in catalog.models:
        values = _need_values(model, rank[model["id"]])
        lines = title(model["name"])
        lines += [f".. need:: {model['name']}", f"   :id: {need_id(model['id'])}"]
        lines.append(f"   :tags: {';'.join(slugify(t) for t in model['tags'])}")
        lines += [f"   :{key}: {value}" for key, value in values.items()]
        lines += ["", f"   {escape(model['notes'])}", ""]
        pages[_p(f"models/{model['id']}")] = page(lines)
    return pages


# --- Projects on disk -------------------------------------------------------------------------

PLAIN_CONF = '"""{doc}"""\n\nexclude_patterns = ["_build"]\n'
MODELCARDS_CONF = '''"""sphinx-modelcards: the catalog in data/, pages generated in catalog/."""

extensions = ["sphinx_modelcards"]
modelcards_data = "data"
exclude_patterns = ["_build"]
'''


def sync_files(root: Path, files: dict[str, str]) -> list[str]:
    """Write each file whose content differs; return the relative paths written."""
    written = []
    for relative, content in files.items():
        target = root / relative
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        written.append(relative)
    return written


#: One model in this many writes where its parameter count and first score come from.
PROVENANCE_EVERY = 5


def with_provenance(model: dict[str, Any]) -> dict[str, Any]:
    """Every fifth model (by id, so the random draws are untouched) with provenance on its
    parameter count and first score, as the extension's data format allows; the values,
    and so every page of the static baselines, stay the same."""
    if zlib.crc32(model["id"].encode()) % PROVENANCE_EVERY:
        return model
    out = dict(model)
    if out.get("parameters_b"):
        source = out["links"][0]["url"] if out.get("links") else "Technical report"
        out["parameters_b"] = {
            "value": out["parameters_b"],
            "status": "disclosed",
            "source": source,
            "as_of": "2024-07-23",
        }
    scores = dict(out.get("benchmarks") or {})
    for key, score in list(scores.items())[:1]:
        if score is not None:
            scores[key] = {"value": score, "status": "measured", "n_shot": 5,
                           "method": "lm-evaluation-harness 0.4.3"}  # fmt: skip
    if scores:
        out["benchmarks"] = scores
    return out


def model_yaml(model: dict[str, Any]) -> str:
    """One model file, fields in the order people write them (some with provenance)."""
    text = yaml.dump(
        with_provenance(model), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return str(text)


def _rst_files(pages: dict[str, str]) -> dict[str, str]:
    return {f"{name}.rst": text for name, text in pages.items()}


def project_files(
    variant: str, catalog: SyntheticCatalog, *, charts: bool = True
) -> dict[str, str]:
    """Relative path -> content of every file of ``variant``'s project.

    ``charts=False`` turns the extension's charts off (the static baselines have none).
    """
    if variant == "modelcards":
        conf = (
            MODELCARDS_CONF if charts else MODELCARDS_CONF + "modelcards_profile_charts = False\n"
        )
        files = {
            "conf.py": conf,
            "index.rst": page([*title("Benchmark project"), *toctree([f"{PAGES}/index"])]),
            "data/labs.yaml": yaml.dump(catalog.labs, Dumper=_Dumper, sort_keys=False, width=100),
        }
        for model in catalog.models:
            files[f"data/models/{model['lab']}/{model['id']}.yaml"] = model_yaml(model)
        return files
    if variant in {"static", "flat"}:
        doc = f"Baseline {'F' if variant == 'flat' else 'S'}: static reST pages."
        return {
            "conf.py": PLAIN_CONF.format(doc=doc),
            **_rst_files(static_pages(catalog, flat=variant == "flat")),
        }
    if variant == "floor":
        doc = "The floor: the same documents and structure, a title on each page."
        return {"conf.py": PLAIN_CONF.format(doc=doc), **_rst_files(floor_pages(catalog))}
    if variant == "needs":
        fields = "\n".join(
            f'    "{f}": {{"description": "{f}", "nullable": True}},' for f in NEED_FIELDS
        )
        return {"conf.py": NEEDS_CONF.format(fields=fields), **_rst_files(needs_pages(catalog))}
    raise ValueError(f"unknown variant {variant!r}")


VARIANTS = ("modelcards", "static", "flat", "needs", "floor")


def write_project(
    variant: str, catalog: SyntheticCatalog, root: Path, *, charts: bool = True
) -> list[str]:
    """Bring ``root`` in line with ``variant``'s files (writing only what changed)."""
    return sync_files(root, project_files(variant, catalog, charts=charts))


def edit_one_model(
    variant: str, catalog: SyntheticCatalog, root: Path, *, charts: bool = True
) -> list[str]:
    """Apply the one-edit change (one benchmark score of one model); return files written.

    Data-driven variants rewrite the model's data file; the static ones regenerate
    their pages and write those whose text changed, as a careful script would. The
    floor shows no score, so its model page is touched instead.
    """
    if variant == "floor":
        target = root / f"{PAGES}/models/{catalog.edit_id}.rst"
        os.utime(target)
        return [str(target.relative_to(root))]
    return write_project(variant, catalog.with_edit(), root, charts=charts)


def main(argv: list[str] | None = None) -> None:
    """Write every variant of one catalog, for inspection."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="number of models")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "inspect")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    args = parser.parse_args(argv)
    catalog = make_catalog(args.n, args.seed)
    for variant in args.variants:
        written = write_project(variant, catalog, args.out / variant)
        print(f"{variant}: {len(written)} files written to {args.out / variant}")
    sizes = lab_sizes(args.n)
    share = sizes[0] / args.n
    print(f"{len(sizes)} labs, the largest has {sizes[0]} models ({share:.1%})")
    print(f"the one-edit build changes a score of {catalog.edit_id}")


if __name__ == "__main__":
    main()
