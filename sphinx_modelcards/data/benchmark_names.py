"""Find a benchmark by the name another tool gives it (task, dataset id, column)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .schema import Benchmark


def name_key(name: str) -> str:
    """``"cais/MMLU (5-shot)"`` -> ``mmlu``; ``"mmlu_pro"`` -> ``mmlupro``."""
    name = re.sub(r"\(.*?\)", "", name.lower().rsplit("/", 1)[-1])
    return re.sub(r"[^a-z0-9]", "", name)


class BenchmarkNames:
    """Benchmarks by id, name and aliases, ignoring case and punctuation; first one wins."""

    def __init__(self, benchmarks: Iterable[Benchmark]) -> None:
        self._by_key: dict[str, Benchmark] = {}
        for benchmark in benchmarks:
            for name in (benchmark.id, benchmark.name, *benchmark.aliases):
                self._by_key.setdefault(name_key(name), benchmark)

    def find(self, name: str) -> Benchmark | None:
        """The benchmark ``name`` stands for, or None."""
        key = name_key(name)
        return self._by_key.get(key) if key else None
