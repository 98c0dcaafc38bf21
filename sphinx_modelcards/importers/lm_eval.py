"""Read lm-evaluation-harness result files into benchmark scores.

A results file (``results_<date>.json``, written by ``lm_eval --output_path``) holds
``results.<task>["<metric>,<filter>"]`` values between 0 and 1, their
``"<metric>_stderr,<filter>"``, and per task ``n-shot`` and ``versions``; the run's
``config.model_args``, ``date`` and harness version sit at the top level. Each task
is matched to a benchmark by its name or aliases; the benchmark's ``metrics`` say
which value to take, and the value is scaled to the benchmark's ``scale``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.benchmark_names import BenchmarkNames
from ..data.schema import Benchmark

__all__ = ["LmEvalRun", "ResultsError", "TaskScore", "read_results"]

#: Filters preferred when a metric is reported under several, best first.
_FILTERS = ("none", "strict-match", "flexible-extract", "custom-extract")
_EXPECTED = (
    "expected lm-evaluation-harness output: a JSON object whose 'results' maps task names "
    "to objects of '<metric>,<filter>' values"
)


class ResultsError(ValueError):
    """A results file that cannot be imported; the message names the file."""


@dataclass(frozen=True)
class TaskScore:
    """One task's score, on its benchmark's scale, and how it was measured."""

    task: str
    benchmark: str
    score: float
    metric: str
    stderr: float | None = None
    n_shot: int | None = None
    version: str | None = None

    def provenance(self, run: LmEvalRun) -> dict[str, Any]:
        """How the score was obtained, in the provenance fields of a number."""
        method = " ".join(filter(None, ["lm-evaluation-harness", run.harness_version]))
        facts: dict[str, Any] = {"status": "measured", "method": method}
        if self.n_shot is not None:
            facts["n_shot"] = self.n_shot
        if run.date:
            facts["as_of"] = run.date
        return facts

    def note(self, run: LmEvalRun) -> str:
        """``lm-eval 0.4.5, mmlu, 5-shot, acc, stderr 0.38, 2024-07-01``."""
        parts = [f"lm-eval {run.harness_version}" if run.harness_version else "lm-eval"]
        parts.append(self.task if self.version is None else f"{self.task} v{self.version}")
        if self.n_shot is not None:
            parts.append(f"{self.n_shot}-shot")
        parts.append(self.metric.removesuffix(",none"))
        if self.stderr is not None:
            parts.append(f"stderr {self.stderr:.2f}")
        if run.date:
            parts.append(run.date)
        return ", ".join(parts)


@dataclass
class LmEvalRun:
    """What one results file says."""

    path: Path
    scores: list[TaskScore] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    covered: dict[str, list[str]] = field(default_factory=dict)
    harness_version: str | None = None
    date: str | None = None
    hub_id: str | None = None


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{path}: cannot read: {exc}; {_EXPECTED}") from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict) or not all(isinstance(v, dict) for v in results.values()):
        raise ResultsError(f"{path}: {_EXPECTED}")
    loaded: dict[str, Any] = data
    return loaded


def _metric_keys(values: Mapping[str, Any], metric: str) -> list[str]:
    keys = [k for k in values if k.split(",", 1)[0] == metric]
    return sorted(keys, key=lambda k: _rank(k.partition(",")[2]))


def _rank(filter_name: str) -> int:
    return _FILTERS.index(filter_name) if filter_name in _FILTERS else len(_FILTERS)


def _pick(values: Mapping[str, Any], benchmark: Benchmark) -> str | None:
    """The ``metric,filter`` key to import: the benchmark's metrics in order, else the first."""
    for metric in benchmark.metrics:
        if keys := _metric_keys(values, metric):
            return keys[0]
    numbers = [k for k, v in values.items() if "_stderr" not in k and isinstance(v, int | float)]
    return None if benchmark.metrics or not numbers else numbers[0]


def _fraction(path: Path, task: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ResultsError(f"{path}: results.{task}[{key!r}] is {value!r}; expected a number")
    if not math.isfinite(value):
        raise ResultsError(f"{path}: results.{task}[{key!r}] is {value}; expected a number 0-1")
    if not 0 <= value <= 1:
        raise ResultsError(f"{path}: results.{task}[{key!r}] is {value:g}; expected 0-1")
    return float(value)


def _stderr(values: Mapping[str, Any], key: str, scale: float) -> float | None:
    metric, _, filter_name = key.partition(",")
    value = values.get(f"{metric}_stderr,{filter_name}")
    if isinstance(value, int | float) and math.isfinite(value):
        return round(value * scale, 4)
    return None


def _task_score(
    path: Path, data: Mapping[str, Any], task: str, benchmark: Benchmark
) -> TaskScore | None:
    values = data["results"][task]
    key = _pick(values, benchmark)
    if key is None:
        return None
    shots = data.get("n-shot", {}).get(task) if isinstance(data.get("n-shot"), dict) else None
    version = data.get("versions", {}).get(task) if isinstance(data.get("versions"), dict) else None
    score = round(_fraction(path, task, key, values[key]) * benchmark.scale, 2)
    return TaskScore(
        task=task,
        benchmark=benchmark.id,
        score=score,
        metric=key,
        stderr=_stderr(values, key, benchmark.scale),
        n_shot=shots if isinstance(shots, int) and not isinstance(shots, bool) else None,
        version=None if version is None else str(version),
    )


def _run_facts(run: LmEvalRun, data: Mapping[str, Any]) -> None:
    version = data.get("lm_eval_version")
    run.harness_version = str(version) if isinstance(version, str | int | float) else None
    date = data.get("date")
    if isinstance(date, int | float) and not isinstance(date, bool) and math.isfinite(date):
        run.date = dt.datetime.fromtimestamp(date, dt.UTC).date().isoformat()
    config = data.get("config")
    args = config.get("model_args") if isinstance(config, dict) else None
    if isinstance(args, str):
        pairs = dict(part.partition("=")[::2] for part in args.split(","))
        run.hub_id = pairs.get("pretrained") or None


def _subtasks(data: Mapping[str, Any]) -> dict[str, list[str]]:
    groups = data.get("group_subtasks")
    if not isinstance(groups, dict):
        return {}
    return {str(g): [str(t) for t in v] for g, v in groups.items() if isinstance(v, list)}


def _below(group: str, groups: Mapping[str, list[str]]) -> set[str]:
    found: set[str] = set()
    stack = list(groups.get(group, []))
    while stack:
        task = stack.pop()
        if task not in found:
            found.add(task)
            stack += groups.get(task, [])
    return found


def read_results(path: Path, benchmarks: Iterable[Benchmark]) -> LmEvalRun:
    """The scores of ``path`` for ``benchmarks``; :class:`ResultsError` if it cannot be read."""
    data = _load(path)
    names = BenchmarkNames(benchmarks)
    run = LmEvalRun(path)
    _run_facts(run, data)
    groups = _subtasks(data)
    mapped: set[str] = set()
    for task in data["results"]:
        benchmark = names.find(task)
        score = _task_score(path, data, task, benchmark) if benchmark else None
        if score is None:
            continue
        if any(s.benchmark == score.benchmark for s in run.scores):
            run.unmapped.append(f"{task} (another task already gave {score.benchmark})")
            continue
        run.scores.append(score)
        mapped.add(task)
        run.covered[task] = sorted(_below(task, groups) & set(data["results"]))
    covered = {t for tasks in run.covered.values() for t in tasks}
    run.unmapped += [t for t in data["results"] if t not in mapped and t not in covered]
    return run
