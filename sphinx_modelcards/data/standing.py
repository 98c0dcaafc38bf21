"""Where each model stands in the catalog: its rank by ALScore and the benchmarks on
which it is among the best, as one line ("#3 of 46 by ALScore, top 10% on MMLU").

Computed once per catalog from the data alone (no Sphinx), deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .catalog import Catalog
from .schema import Model

#: Shares a benchmark standing is rounded up to; worse than the last is not shown.
TOP_SHARES = (1, 5, 10, 25, 50)
#: Fewest scored models for a benchmark standing to mean anything.
MIN_FIELD = 4
#: Rows of a benchmark's own leaderboard.
TOP_COUNT = 10


@dataclass(frozen=True)
class Standing:
    """One model's place: ``(rank, of)`` by ALScore, and ``(benchmark name, share)``."""

    alscore: tuple[int, int] | None
    benchmarks: tuple[tuple[str, int], ...]

    def text(self) -> str:
        """``#3 of 46 by ALScore, top 10% on MMLU``; empty when there is nothing to say."""
        parts = []
        if self.alscore is not None:
            rank, of = self.alscore
            parts.append(f"#{rank:,} of {of:,} by ALScore")
        parts += [f"top {share}% on {name}" for name, share in self.benchmarks]
        return ", ".join(parts)


def _ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Competition ranks: 1 + how many score strictly higher (ties share a rank)."""
    ordered = sorted(scores.values(), reverse=True)
    first: dict[float, int] = {}
    for index, value in enumerate(ordered):
        first.setdefault(value, index + 1)
    return {model_id: first[value] for model_id, value in scores.items()}


def _share(rank: int, of: int) -> int | None:
    percent = rank / of * 100
    return next((share for share in TOP_SHARES if percent <= share), None)


def standings(catalog: Catalog) -> dict[str, Standing]:
    """Every model's standing, by id (computed once per catalog)."""
    cached = catalog.computed.get("standings")
    if cached is None:
        cached = catalog.computed["standings"] = _compute(catalog)
    return cached


def _compute(catalog: Catalog) -> dict[str, Standing]:
    alscores = {
        model_id: derived.alscore
        for model_id, derived in catalog.derived.items()
        if derived.alscore is not None
    }
    by_alscore = _ranks(alscores)
    per_bench: list[tuple[str, dict[str, int], int]] = []
    for bench in catalog.benchmarks.values():
        scores = {
            m.id: score
            for m in catalog.models.values()
            if (score := m.benchmarks.get(bench.id)) is not None and math.isfinite(score)
        }
        if len(scores) >= MIN_FIELD:
            per_bench.append((bench.name, _ranks(scores), len(scores)))
    result = {}
    for model_id in catalog.models:
        rank = by_alscore.get(model_id)
        alscore = (rank, len(alscores)) if rank is not None else None
        benches: list[tuple[str, int]] = []
        for name, ranks, of in per_bench:
            if model_id in ranks and (share := _share(ranks[model_id], of)) is not None:
                benches.append((name, share))
        result[model_id] = Standing(alscore, tuple(_best(benches)))
    return result


def _best(benches: Sequence[tuple[str, int]], count: int = 2) -> list[tuple[str, int]]:
    """The ``count`` best benchmark standings, best share first, ties in catalog order."""
    return sorted(benches, key=lambda item: item[1])[:count]


def latest_date(catalog: Catalog) -> tuple[int, int] | None:
    """``(year, month)`` of the newest ``last_updated`` or release in the catalog."""
    dates = [
        (m.last_updated.year, m.last_updated.month)
        for m in catalog.models.values()
        if m.last_updated is not None
    ]
    dates += [
        (m.released.year, m.released.month or 1)
        for m in catalog.models.values()
        if m.released is not None and m.released.year is not None
    ]
    return max(dates, default=None)


def top_scores(catalog: Catalog, bench_id: str, count: int = TOP_COUNT) -> list[Model]:
    """The ``count`` models with the best scores on ``bench_id`` (ties by name)."""
    scored = [
        (score, model)
        for model in catalog.models.values()
        if (score := model.benchmarks.get(bench_id)) is not None and math.isfinite(score)
    ]
    scored.sort(key=lambda item: (-item[0], item[1].name.casefold(), item[1].id))
    return [model for _, model in scored[:count]]
