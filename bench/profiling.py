"""Where a fresh build of the extension spends its time: phase timers and cProfile.

Run by ``python bench/run.py --profile`` (which prepares the project); it can also
be pointed at any project::

    python bench/profiling.py SRC BUILD --mode timers
    python bench/profiling.py SRC BUILD --mode cprofile --prof out.prof --top 25

Both modes run one build in this process through ``sphinx.cmd.build.build_main``.

``timers`` wraps, without a profiler, the extension's event handlers (whatever
``setup()`` connects), its directives' ``run``, its domain's methods, and a few
named steps (catalog load, page planning and writing, fingerprints), plus
Sphinx's read and write phases and Python's garbage collections (which run inside
whatever code allocates, extension or not). Nested calls of one kind count once.
The overhead is a few microseconds per call.

``cprofile`` runs the build under :mod:`cProfile` (which slows Python code about
twofold, unevenly) and reports the extension's top cumulative entries, what their
time goes to (their biggest callees), its self and inclusive time against the
total, and the hottest functions overall.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import gc
import importlib
import inspect
import io
import json
import pkgutil
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = "sphinx_modelcards"

#: Named steps: (module, function) -> label. Missing names are skipped, so the
#: harness keeps working while the extension is refactored.
NAMED_STEPS = {
    ("sphinx_modelcards.sphinxext", "load_catalog"): "catalog load",
    ("sphinx_modelcards.sphinxext", "plan_pages"): "page planning",
    ("sphinx_modelcards.sphinxext", "write_pages"): "page writing (stubs)",
    ("sphinx_modelcards.sphinxext", "fingerprints"): "dependency fingerprints",
}
SPHINX_PHASES = {"read": "sphinx: read phase", "write": "sphinx: write phase"}
#: Label of the time spent in any wrapped extension code (outermost calls only).
EXTENSION_TOTAL = "sphinx_modelcards, all wrapped code"


def build_args(src: Path, build: Path, jobs: int | None = None) -> list[str]:
    """``build_main`` arguments of the benchmark's HTML build."""
    args = ["-b", "html", "-q", "-d", str(build / "doctrees"), str(src), str(build / "html")]
    return [*args, "-j", str(jobs)] if jobs else args


# --- Timers -----------------------------------------------------------------------------------


class Timers:
    """Accumulated wall time and calls per label; nested calls of a label count once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth: dict[str, int] = defaultdict(int)

    def wrap(
        self, label: str, func: Callable[..., Any], *, ours: bool = True
    ) -> Callable[..., Any]:
        """``func``, timed under ``label`` (and under :data:`EXTENSION_TOTAL` if ``ours``)."""
        if getattr(func, "__bench_timed__", False):
            return func
        labels = (label, EXTENSION_TOTAL) if ours else (label,)

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[label] += 1
            if ours and self._depth[EXTENSION_TOTAL] == 0:
                self.calls[EXTENSION_TOTAL] += 1
            for name in labels:
                self._depth[name] += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                for name in labels:
                    self._depth[name] -= 1
                    if self._depth[name] == 0:
                        self.seconds[name] += elapsed

        timed.__bench_timed__ = True  # type: ignore[attr-defined]
        return timed


def _package_modules() -> Iterator[Any]:
    package = importlib.import_module(PACKAGE)
    yield package
    for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        if info.name.endswith("__main__"):  # importing it would run the command line
            continue
        with contextlib.suppress(Exception):  # an optional module may not import
            yield importlib.import_module(info.name)


def install_timers(timers: Timers) -> None:
    """Wrap the extension's handlers, directives, domain and named steps (before setup)."""
    from docutils.parsers.rst import Directive
    from docutils.transforms import Transform
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.domains import Domain

    for (module_name, name), label in NAMED_STEPS.items():
        with contextlib.suppress(ImportError):
            module = importlib.import_module(module_name)
            if callable(getattr(module, name, None)):
                setattr(module, name, timers.wrap(label, getattr(module, name)))
    for module in _package_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith(PACKAGE):
                continue
            if issubclass(cls, Directive) and "run" in vars(cls):
                cls.run = timers.wrap("directives: run()", vars(cls)["run"])
            elif issubclass(cls, Transform) and "apply" in vars(cls):
                cls.apply = timers.wrap("transforms: apply()", vars(cls)["apply"])
            elif issubclass(cls, Domain):
                for name in ("resolve_xref", "resolve_any_xref"):
                    if name in vars(cls):
                        setattr(cls, name, timers.wrap("domain: resolve xrefs", vars(cls)[name]))
                for name in ("clear_doc", "merge_domaindata", "get_objects", "process_doc"):
                    if name in vars(cls):
                        setattr(cls, name, timers.wrap(f"domain: {name}", vars(cls)[name]))
    original_connect = Sphinx.connect

    @functools.wraps(original_connect)
    def connect(self: Sphinx, event: str, callback: Callable[..., Any], *args: Any, **kw: Any):  # type: ignore[no-untyped-def]
        if (getattr(callback, "__module__", None) or "").startswith(PACKAGE):
            callback = timers.wrap(f"event {event}: {callback.__name__}", callback)
        return original_connect(self, event, callback, *args, **kw)

    Sphinx.connect = connect  # type: ignore[method-assign]
    for name, label in SPHINX_PHASES.items():
        setattr(Builder, name, timers.wrap(label, getattr(Builder, name), ours=False))


@contextlib.contextmanager
def gc_timer(timers: Timers) -> Iterator[None]:
    """Time Python's cyclic garbage collector (it runs inside whatever allocates)."""
    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            label = f"python gc: generation {info['generation']} collections"
            timers.seconds[label] += time.perf_counter() - started.pop()
            timers.calls[label] += 1

    gc.callbacks.append(callback)
    try:
        yield
    finally:
        gc.callbacks.remove(callback)


def run_timers(src: Path, build: Path) -> dict[str, Any]:
    """One fresh, serial build with phase timers."""
    from sphinx.cmd.build import build_main

    timers = Timers()
    install_timers(timers)
    start = time.perf_counter()
    with gc_timer(timers):
        status = build_main(build_args(src, build))
    total = time.perf_counter() - start
    if status:
        raise SystemExit(f"the build failed with status {status}")
    rows = sorted(timers.seconds.items(), key=lambda kv: -kv[1])
    return {
        "total_s": total,
        "phases": [
            {"label": label, "seconds": s, "share": s / total, "calls": timers.calls[label]}
            for label, s in rows
        ],
    }


def print_timers(result: dict[str, Any], out: Any = sys.stdout) -> None:
    """A readable table of :func:`run_timers`' result."""
    total = result["total_s"]
    print(f"\nPhase timers (no profiler), fresh serial build: {total:.2f} s in total", file=out)
    print(f"{'phase':<48} {'seconds':>9} {'share':>7} {'calls':>8}", file=out)
    for row in result["phases"]:
        print(
            f"{row['label'][:48]:<48} {row['seconds']:9.3f} {row['share']:7.1%} {row['calls']:8d}",
            file=out,
        )


# --- cProfile ---------------------------------------------------------------------------------

Func = tuple[str, int, str]


def _is_ours(func: Func) -> bool:
    filename = func[0].replace("\\", "/")
    return f"/{PACKAGE}/" in filename and "/bench/" not in filename


def _label(func: Func) -> str:
    filename, line, name = func
    path = filename.replace("\\", "/")
    if f"/{PACKAGE}/" in path:
        path = PACKAGE + "/" + path.split(f"/{PACKAGE}/", 1)[1]
    elif "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    return f"{path}:{line}({name})" if line else name


def analyse(stats: pstats.Stats, top: int) -> dict[str, Any]:
    """Totals and top entries of a profile, focused on the extension."""
    raw: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    ours = {f: v for f, v in raw.items() if _is_ours(f)}
    self_time = sum(v[2] for v in ours.values())
    # Inclusive time: our functions entered from outside the package. Module bodies
    # are left out (they run inside ``setup()``'s import, which is counted), so the
    # sum does not count an import twice.
    inclusive = sum(
        caller_stats[3]
        for func, v in ours.items()
        if func[2] != "<module>"
        for caller, caller_stats in v[4].items()
        if not _is_ours(caller)
    )
    callees: dict[Func, list[tuple[Func, float, int]]] = defaultdict(list)
    for func, (_, _, _, _, callers) in raw.items():
        for caller, caller_stats in callers.items():
            callees[caller].append((func, caller_stats[3], caller_stats[1]))

    def entry(func: Func, values: Any) -> dict[str, Any]:
        calls, _, tottime, cumtime, _ = values
        return {
            "function": _label(func),
            "calls": calls,
            "tottime_s": tottime,
            "cumtime_s": cumtime,
            "cum_share": cumtime / total if total else 0.0,
        }

    by_cum = sorted(ours.items(), key=lambda kv: -kv[1][3])[:top]
    top_entries = []
    for func, values in by_cum:
        item = entry(func, values)
        item["callees"] = [
            {"function": _label(c), "cumtime_s": ct, "calls": n}
            for c, ct, n in sorted(callees.get(func, []), key=lambda x: -x[1])[:5]
        ]
        top_entries.append(item)
    hottest = sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]
    return {
        "total_s": total,
        "extension_self_s": self_time,
        "extension_inclusive_s": inclusive,
        "top_cumulative": top_entries,
        "hottest_self": [entry(f, v) for f, v in hottest],
    }


def run_cprofile(src: Path, build: Path, prof: Path | None, top: int) -> dict[str, Any]:
    """One fresh, serial build under cProfile."""
    from sphinx.cmd.build import build_main

    profiler = cProfile.Profile()
    status = profiler.runcall(build_main, build_args(src, build))
    if status:
        raise SystemExit(f"the build failed with status {status}")
    if prof is not None:
        prof.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(prof)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    return analyse(stats, top)


def print_cprofile(result: dict[str, Any], out: Any = sys.stdout) -> None:
    """A readable report of :func:`run_cprofile`'s result."""
    total = result["total_s"]
    print(f"\ncProfile, fresh serial build: {total:.2f} s profiled in total", file=out)
    print(
        f"  {PACKAGE} inclusive (entered from Sphinx/docutils): "
        f"{result['extension_inclusive_s']:.2f} s ({result['extension_inclusive_s'] / total:.1%})",
        file=out,
    )
    print(
        f"  {PACKAGE} self time (own lines only):             "
        f"{result['extension_self_s']:.2f} s ({result['extension_self_s'] / total:.1%})",
        file=out,
    )
    print(f"\nTop cumulative entries in {PACKAGE} (with their biggest callees):", file=out)
    print(f"{'cumtime':>8} {'share':>6} {'tottime':>8} {'calls':>8}  function", file=out)
    for row in result["top_cumulative"]:
        print(
            f"{row['cumtime_s']:8.2f} {row['cum_share']:6.1%} {row['tottime_s']:8.2f} "
            f"{row['calls']:8d}  {row['function']}",
            file=out,
        )
        for callee in row["callees"][:3]:
            print(
                f"{'':>33}  -> {callee['cumtime_s']:6.2f} s {callee['calls']:>7}x "
                f"{callee['function']}",
                file=out,
            )
    print("\nHottest functions overall (self time):", file=out)
    for row in result["hottest_self"]:
        print(f"{row['tottime_s']:8.2f} {row['calls']:9d}  {row['function']}", file=out)


def main(argv: list[str] | None = None) -> None:
    """Command line: profile one fresh build of a prepared project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("build", type=Path)
    parser.add_argument("--mode", choices=("timers", "cprofile"), default="cprofile")
    parser.add_argument("--prof", type=Path, help="where to save the raw profile (.prof)")
    parser.add_argument("--json", type=Path, help="where to save the report as JSON")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if args.mode == "timers":
        result = run_timers(args.src, args.build)
        print_timers(result)
    else:
        result = run_cprofile(args.src, args.build, args.prof, args.top)
        print_cprofile(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
