"""Registry entries every catalog starts with: benchmarks, architectures, link kinds, tiers."""

from __future__ import annotations

from .schema import AnalysisBand, Architecture, Benchmark

#: The analysis sentences of the built-in benchmarks, as templates: the Sphinx layer
#: translates them (``{name}`` is the benchmark, ``{skill}`` what it measures).
BAND_TEMPLATES: tuple[str, ...] = (
    "Exceptional performance on {name} (90%+), at the top of the field.",
    "Strong performance on {name} (80-90%), indicating solid {skill}.",
    "Good {skill} on {name} (60-80%).",
    "Moderate {skill} on {name} (40-60%).",
    "Limited {skill} on {name} (below 40%).",
)
#: A built-in sentence's template, benchmark name and skill, by the English sentence.
BAND_WORDING: dict[str, tuple[str, str, str]] = {}


def _bands(name: str, skill: str) -> list[AnalysisBand]:
    bounds = ((90, None), (80, 90), (60, 80), (40, 60), (0, 40))
    bands = []
    for template, (low, high) in zip(BAND_TEMPLATES, bounds, strict=True):
        text = template.format(name=name, skill=skill)
        BAND_WORDING[text] = (template, name, skill)
        bands.append(AnalysisBand(min=low, max=high, text=text))
    return bands


def _plain(*texts: tuple[float, float | None, str]) -> list[AnalysisBand]:
    for _low, _high, text in texts:
        BAND_WORDING[text] = (text, "", "")
    return [AnalysisBand(min=low, max=high, text=text) for low, high, text in texts]


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        id="mmlu",
        name="MMLU",
        description="General knowledge across 57 subjects",
        url="https://arxiv.org/abs/2009.03300",
        bands=_bands("MMLU", "general capabilities"),
        aliases=["cais/mmlu", "hendrycks_test", "hendrycksTest", "leaderboard_mmlu"],
        metrics=["acc"],
    ),
    Benchmark(
        id="mmlu-pro",
        name="MMLU-Pro",
        description="Harder, reasoning-focused MMLU variant with ten choices",
        url="https://arxiv.org/abs/2406.01574",
        bands=_bands("MMLU-Pro", "knowledge and reasoning"),
        aliases=["mmlu_pro", "leaderboard_mmlu_pro", "TIGER-Lab/MMLU-Pro"],
        metrics=["acc", "exact_match"],
    ),
    Benchmark(
        id="gpqa",
        name="GPQA",
        description="Graduate-level, Google-proof science questions",
        url="https://arxiv.org/abs/2311.12022",
        bands=_bands("GPQA", "reasoning capabilities"),
        aliases=[
            "gpqa_diamond_zeroshot",
            "leaderboard_gpqa",
            "leaderboard_gpqa_diamond",
            "GPQA diamond",
            "Idavidrein/gpqa",
        ],
        metrics=["acc_norm", "acc", "exact_match"],
    ),
    Benchmark(
        id="hle",
        name="HLE",
        description="Humanity's Last Exam: expert-written questions at the frontier",
        url="https://arxiv.org/abs/2501.14249",
        bands=_plain(
            (40, None, "Frontier-level results on Humanity's Last Exam (40%+)."),
            (20, 40, "Strong results on Humanity's Last Exam (20-40%)."),
            (0, 20, "Early results on Humanity's Last Exam (below 20%)."),
        ),
        aliases=["Humanity's Last Exam", "cais/hle"],
    ),
    # The Open LLM Leaderboard v2 set (with MMLU-Pro and GPQA above).
    Benchmark(
        id="ifeval",
        name="IFEval",
        description="Prompts whose formatting instructions a program can check",
        url="https://arxiv.org/abs/2311.07911",
        bands=_bands("IFEval", "instruction following"),
        aliases=["leaderboard_ifeval", "google/IFEval", "HuggingFaceH4/ifeval"],
        metrics=["prompt_level_strict_acc", "inst_level_strict_acc"],
    ),
    Benchmark(
        id="bbh",
        name="BBH",
        description="BIG-Bench Hard: 23 BIG-Bench tasks where models trailed human raters",
        url="https://arxiv.org/abs/2210.09261",
        bands=_bands("BBH", "multi-step reasoning"),
        aliases=["leaderboard_bbh", "Big-Bench Hard", "lukaemon/bbh"],
        metrics=["acc_norm", "exact_match"],
    ),
    Benchmark(
        id="math-lvl-5",
        name="MATH Lvl 5",
        description="The hardest level of the MATH competition problems",
        url="https://arxiv.org/abs/2103.03874",
        bands=_bands("MATH Lvl 5", "mathematical reasoning"),
        aliases=["leaderboard_math_hard", "MATH Level 5", "lighteval/MATH-Hard"],
        metrics=["exact_match"],
    ),
    Benchmark(
        id="musr",
        name="MuSR",
        description="Multistep soft reasoning over long narratives such as murder mysteries",
        url="https://arxiv.org/abs/2310.16049",
        bands=_bands("MuSR", "multi-step reasoning"),
        aliases=["leaderboard_musr", "TAUR-Lab/MuSR"],
        metrics=["acc_norm"],
    ),
    # Classic benchmarks (the Open LLM Leaderboard v1 set).
    Benchmark(
        id="hellaswag",
        name="HellaSwag",
        description="Commonsense completion of everyday scenes, with adversarial wrong endings",
        url="https://arxiv.org/abs/1905.07830",
        bands=_bands("HellaSwag", "commonsense inference"),
        aliases=["Rowan/hellaswag"],
        metrics=["acc_norm", "acc"],
    ),
    Benchmark(
        id="arc-challenge",
        name="ARC-Challenge",
        description="Grade-school science questions that simple retrieval gets wrong",
        url="https://arxiv.org/abs/1803.05457",
        bands=_bands("ARC-Challenge", "science reasoning"),
        aliases=["arc_challenge", "AI2 Reasoning Challenge", "ARC Challenge"],
        metrics=["acc_norm", "acc"],
    ),
    Benchmark(
        id="truthfulqa-mc2",
        name="TruthfulQA MC2",
        description="Questions that tempt imitative falsehoods, scored over all true answers",
        url="https://arxiv.org/abs/2109.07958",
        bands=_bands("TruthfulQA MC2", "truthfulness"),
        aliases=["truthfulqa_mc2", "truthful_qa", "TruthfulQA", "truthfulqa/truthful_qa"],
        metrics=["acc", "mc2"],
    ),
    Benchmark(
        id="winogrande",
        name="WinoGrande",
        description="Large-scale Winograd schema pronoun resolution",
        url="https://arxiv.org/abs/1907.10641",
        bands=_bands("WinoGrande", "commonsense reasoning"),
        aliases=["allenai/winogrande"],
        metrics=["acc"],
    ),
    Benchmark(
        id="gsm8k",
        name="GSM8K",
        description="Grade-school maths word problems needing a few steps of arithmetic",
        url="https://arxiv.org/abs/2110.14168",
        bands=_bands("GSM8K", "arithmetic reasoning"),
        aliases=["openai/gsm8k"],
        metrics=["exact_match"],
    ),
)

#: Benchmarks every profile lists, scored or not (the first four built-ins).
PROFILE_BENCHMARKS: tuple[str, ...] = ("mmlu", "mmlu-pro", "gpqa", "hle")

ARCHITECTURES: tuple[Architecture, ...] = (
    Architecture(
        id="dense",
        name="Dense",
        description="Every parameter takes part in every token: the classic transformer.",
    ),
    Architecture(
        id="moe",
        name="MoE",
        description=(
            "Mixture of experts: a router sends each token to a few expert blocks, so only "
            "a fraction of the parameters is active per token."
        ),
    ),
    Architecture(
        id="matformer",
        name="MatFormer",
        description="Nested (Matryoshka) transformer: smaller models are slices of a larger one.",
    ),
    Architecture(
        id="hybrid",
        name="Hybrid",
        description="Mixes attention with other sequence layers such as state-space blocks.",
    ),
    Architecture(
        id="compound",
        name="Compound",
        description="A system of several models and tools presented as one model.",
    ),
    Architecture(
        id="coe",
        name="CoE",
        description="Composition of experts: separate expert models behind a router.",
    ),
)

#: Readable labels for link kinds; other kinds are shown title-cased.
LINK_LABELS: dict[str, str] = {
    "announcement": "Announcement",
    "api": "API",
    "blog": "Blog post",
    "code": "Source code",
    "dataset": "Dataset",
    "demo": "Demo",
    "docs": "Technical documentation",
    "license": "Licence",
    "model-card": "Model card",
    "paper": "Paper",
    "playground": "Try the model",
    "weights": "Weights",
    "other": "Link",
}

#: ALScore tiers, highest first: (lower bound, label). The last bound is 0.
ALSCORE_TIERS: tuple[tuple[float, str], ...] = (
    (20.0, "Extremely powerful"),
    (10.0, "Very powerful"),
    (5.0, "Powerful"),
    (1.0, "Mid-tier"),
    (0.0, "Lightweight"),
)

#: Chinchilla's compute-optimal tokens per parameter.
COMPUTE_OPTIMAL_RATIO = 20.0

ACCESS_LABELS: dict[str, str] = {
    "public": "Public",
    "limited": "Limited",
    "private": "Private",
    "unknown": "Unknown",
}


#: Common SPDX licence identifiers, by lowercase id (the card links them to spdx.org).
SPDX_IDS: dict[str, str] = {
    spdx.lower(): spdx
    for spdx in (
        "AFL-3.0",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Apache-2.0",
        "Artistic-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "BSL-1.0",
        "CC0-1.0",
        "CC-BY-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-ND-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-SA-4.0",
        "ECL-2.0",
        "EPL-2.0",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "ISC",
        "LGPL-2.1-only",
        "LGPL-3.0-only",
        "MIT",
        "MPL-2.0",
        "ODC-By-1.0",
        "PDDL-1.0",
        "Unlicense",
        "Zlib",
    )
}
