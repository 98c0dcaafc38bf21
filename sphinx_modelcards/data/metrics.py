"""Derived figures: ALScore and its tier, the Chinchilla ratio, benchmark analysis.

Computed in one place so that every table, card, chart and export agrees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import registry
from .schema import Benchmark, Model

ALSCORE_DIVISOR = 300.0


@dataclass(frozen=True)
class Thresholds:
    """The configurable cut-offs (plain data, from ``conf.py``)."""

    tiers: tuple[tuple[float, str], ...] = registry.ALSCORE_TIERS
    compute_optimal_ratio: float = registry.COMPUTE_OPTIMAL_RATIO


@dataclass(frozen=True)
class Derived:
    """Figures computed from a model's data; ``None`` where an input is missing."""

    alscore: float | None
    tier: str | None
    ratio: float | None
    compute_optimal: bool | None
    #: Training compute, FLOP: the stated figure, else the estimate of :func:`training_compute`.
    compute: float | None = None
    #: Whether ``compute`` is the model's stated ``training_compute_flop``.
    compute_stated: bool = False


def alscore(parameters_b: float | None, tokens_b: float | None) -> float | None:
    """``sqrt(parameters_B x tokens_B) / 300``, or ``None`` without both inputs."""
    if not parameters_b or not tokens_b:
        return None
    product = parameters_b * tokens_b
    if math.isfinite(product) and product > 0:
        return math.sqrt(product) / ALSCORE_DIVISOR
    # The product over- or underflows: the two roots stay in range.
    return math.sqrt(parameters_b) * math.sqrt(tokens_b) / ALSCORE_DIVISOR


def tier(score: float | None, tiers: Sequence[tuple[float, str]]) -> str | None:
    """The label of the first tier whose lower bound the score reaches."""
    if score is None:
        return None
    for bound, label in tiers:
        if score >= bound:
            return label
    return tiers[-1][1] if tiers else None


def token_ratio(parameters_b: float | None, tokens_b: float | None) -> float | None:
    """Training tokens per parameter; ``None`` when it is too large for a float."""
    if not parameters_b or not tokens_b:
        return None
    ratio = tokens_b / parameters_b
    return ratio if math.isfinite(ratio) else None


#: FLOP per parameter and training token (forward and backward pass, Kaplan et al. 2020).
FLOP_PER_PARAMETER_TOKEN = 6


def training_compute(
    parameters_b: float | None, active_b: float | None, tokens_b: float | None
) -> float | None:
    """About ``6 x N x D`` FLOP, N the active parameters (the total without them)."""
    used = active_b or parameters_b
    if not used or not tokens_b:
        return None
    flop = FLOP_PER_PARAMETER_TOKEN * used * 1e9 * tokens_b * 1e9
    return flop if math.isfinite(flop) else None  # extreme inputs overflow: no figure


def derive(model: Model, thresholds: Thresholds) -> Derived:
    """Every derived figure of ``model``."""
    score = alscore(model.parameters_b, model.training_tokens_b)
    # The tier follows the score as printed, so "20.0" is never shown as "Very powerful".
    shown = None if score is None else round(score, 1)
    ratio = token_ratio(model.parameters_b, model.training_tokens_b)
    return Derived(
        alscore=score,
        tier=tier(shown, thresholds.tiers),
        ratio=ratio,
        compute_optimal=None if ratio is None else ratio >= thresholds.compute_optimal_ratio,
        compute=model.training_compute_flop
        or training_compute(model.parameters_b, model.active_parameters_b, model.training_tokens_b),
        compute_stated=model.training_compute_flop is not None,
    )


def analysis(benchmark: Benchmark, score: float | None) -> str | None:
    """The analysis sentence of the band ``score`` falls in, if the benchmark has one."""
    if score is None:
        return None
    for band in benchmark.bands:
        upper_ok = band.max is None or score < band.max
        if score >= band.min and upper_ok:
            return band.text
    return None


# Formatting -----------------------------------------------------------------------------------

#: From here on numbers are shown in scientific notation (``1.2e+20``), not in full.
_LARGE = 1e15


def format_alscore(score: float | None) -> str:
    """One decimal; scores that round to zero read ``<0.1`` rather than a misleading 0.0."""
    if score is None:
        return "-"
    if score < 0.05:
        return "<0.1"
    if score >= _LARGE:
        return f"{score:.3g}"
    return f"{score:.1f}"


def format_ratio(ratio: float | None) -> str:
    """``1,000:1`` (whole numbers from 10 up, one decimal below)."""
    if ratio is None or not math.isfinite(ratio):
        return "-"
    if ratio >= _LARGE:
        return f"{ratio:.3g}:1"
    if ratio >= 10:
        return f"{round(ratio):,}:1"
    return f"{ratio:.1f}:1"


def format_billions(value: float | None) -> str:
    """``30B``, ``1.5B``, ``0.35B``, ``1,760B``; a dash when missing."""
    if value is None:
        return "-"
    if value >= _LARGE:
        return f"{value:.3g}B"
    if value >= 100:
        return f"{value:,.0f}B"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}B"


def format_tokens(value: float | None) -> str:
    """Training tokens: ``30T`` from a trillion up, else billions."""
    if value is None:
        return "-"
    if value >= 1000:
        text = f"{value / 1000:,.2f}".rstrip("0").rstrip(".")
        return f"{text}T"
    return format_billions(value)


def format_score(score: float | None) -> str:
    """A benchmark score to one decimal."""
    if score is None:
        return "-"
    text = f"{score:.1f}"
    return "0.0" if text == "-0.0" else text


def format_flop(value: float | None) -> str:
    """``2.1e24 FLOP``; a dash when missing."""
    if value is None:
        return "-"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)} FLOP"


def format_count(value: int | None) -> str:
    """``128,000``."""
    return "-" if value is None else f"{value:,}"


def verdict(compute_optimal: bool | None, thresholds: Thresholds) -> str:
    """``Compute-optimal`` or ``Under-trained``, naming the threshold."""
    if compute_optimal is None:
        return "-"
    limit = format_ratio(thresholds.compute_optimal_ratio)
    return f"Compute-optimal (≥ {limit})" if compute_optimal else f"Under-trained (< {limit})"
