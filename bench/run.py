"""Build benchmark for sphinx-modelcards against static reST, sphinx-needs and the floor.

The measurement the lead runs on a quiet machine::

    python bench/run.py --sizes 700 3000 10000 --runs 3

A smoke run (N = 50, one run, results under bench/out/quick/)::

    python bench/run.py --quick

Profile the extension's own time in one fresh build at N = 3,000::

    python bench/run.py --profile --sizes 3000

See bench/README.md for what each variant and column means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

SCHEMA = 1
METRICS = ("fresh", "noop", "one_edit", "parallel")
LABELS = {
    "modelcards": "modelcards",
    "static": "S (static reST)",
    "flat": "F (flat glob)",
    "needs": "sphinx-needs",
    "floor": "floor",
}
BASELINES = ("static", "flat", "needs", "floor")


# --- One build --------------------------------------------------------------------------------


@dataclass
class Build:
    """One ``sphinx-build`` process: wall and CPU time, its own peak RSS, warnings."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    warnings: list[str]


def _maxrss_mb(usage: Any) -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return float(usage.ru_maxrss) / scale


def sphinx_build(src: Path, build: Path, log: Path, jobs: int | None = None) -> Build:
    """Run ``python -m sphinx -b html -q`` in a fresh process and time it.

    The peak RSS and the CPU time are the child's own: ``os.wait4`` returns the
    rusage of that one process and of the workers it waited for, so there is no
    ``RUSAGE_CHILDREN`` delta to take. CPU time (user + sys) is much steadier than
    wall time on a busy machine; wall time is what the targets are about.
    """
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(build / "doctrees")]
    cmd += [str(src), str(build / "html")]
    if jobs:
        cmd += ["-j", str(jobs)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as handle:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode:
        raise RuntimeError(f"build of {src} failed ({proc.returncode}); see {log}:\n{text[-2000:]}")
    warnings = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
    cpu = usage.ru_utime + usage.ru_stime
    return Build(seconds, cpu, _maxrss_mb(usage), warnings)


def stamps(build: Path, folder: str, suffix: str) -> dict[str, int]:
    """Docname -> mtime of its file under ``build/folder``.

    Sphinx rewrites a document's pickled doctree when it re-reads the document, and
    its ``.html`` page when it writes it, so comparing stamps around a build tells
    what that build re-read and re-wrote.
    """
    root = build / folder
    return {
        str(p.relative_to(root).with_suffix("")): p.stat().st_mtime_ns
        for p in root.rglob(f"*{suffix}")
    }


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Names whose stamp changed or appeared."""
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def clean(variant: str, project: Path) -> None:
    """Remove the build output (and the extension's generated pages) for a fresh build."""
    shutil.rmtree(project / "build", ignore_errors=True)
    if variant == "modelcards":
        shutil.rmtree(project / "src" / generate.PAGES, ignore_errors=True)


# --- Statistics ---------------------------------------------------------------------------------


def summary(values: Sequence[float]) -> dict[str, Any] | None:
    """Median, min, max and every run."""
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": list(values),
    }


def median(row: dict[str, Any], metric: str) -> float | None:
    """The median of ``metric`` (wall time, or peak RSS) in a result row, if measured."""
    value = row.get(metric)
    return value["median"] if value else None


def cpu_median(row: dict[str, Any], metric: str) -> float | None:
    """The median CPU time (user + sys) of ``metric`` in a result row, if measured."""
    value = row["cpu"].get(metric)
    return value["median"] if value else None


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b``, or None when either is missing."""
    return a / b if a is not None and b else None


# --- One variant ------------------------------------------------------------------------------


def shown_by(catalog: generate.SyntheticCatalog, model_id: str) -> set[str]:
    """Docnames that show ``model_id`` in some way (its page, groups, lists, neighbours)."""
    model = catalog.model(model_id)
    pages = generate.PAGES
    docs = {
        f"{pages}/models/{model_id}",
        f"{pages}/labs/{model['lab']}",
        f"{pages}/architectures/{model['architecture']}",
        f"{pages}/index",
        f"{pages}/all-models",
        *(f"{pages}/tags/{generate.slugify(t)}" for t in model["tags"]),
    }
    for other in catalog.models:
        if other["lab"] == model["lab"] or other.get("base_model") == model_id:
            docs.add(f"{pages}/models/{other['id']}")
    return docs


class VariantRun:
    """The builds of one variant at one size, accumulated over runs."""

    def __init__(
        self, variant: str, catalog: generate.SyntheticCatalog, root: Path, *, charts: bool = True
    ) -> None:
        self.variant = variant
        self.charts = charts
        self.catalog = catalog
        self.project = root / variant
        self.samples: dict[str, list[float]] = {m: [] for m in METRICS}
        self.cpu: dict[str, list[float]] = {m: [] for m in METRICS}
        self.rss: list[float] = []
        self.rss_parallel: list[float] = []
        self.reread: list[list[str]] = []
        self.rewritten: list[list[str]] = []
        self.edited: list[str] = []
        self.warnings: list[str] = []
        self.documents = 0

    @property
    def src(self) -> Path:
        """The Sphinx source folder."""
        return self.project / "src"

    @property
    def build_dir(self) -> Path:
        """The output folder (html and doctrees)."""
        return self.project / "build"

    def prepare(self) -> None:
        """Write the project (only files that differ from what is on disk)."""
        generate.write_project(self.variant, self.catalog, self.src, charts=self.charts)

    def _build(self, metric: str, run: int, jobs: int | None = None) -> Build:
        log = self.project / "logs" / f"run{run}-{metric}.log"
        result = sphinx_build(self.src, self.build_dir, log, jobs)
        self.warnings.extend(result.warnings)
        self.samples[metric].append(result.seconds)
        self.cpu[metric].append(result.cpu_seconds)
        return result

    def once(self, run: int, parallel: int | None) -> None:
        """Fresh, no-op and one-edit builds, then a fresh parallel build."""
        clean(self.variant, self.project)
        self.rss.append(self._build("fresh", run).peak_rss_mb)
        self.documents = len(stamps(self.build_dir, "doctrees", ".doctree"))
        self._build("noop", run)
        read = stamps(self.build_dir, "doctrees", ".doctree")
        written = stamps(self.build_dir, "html", ".html")
        self.edited = generate.edit_one_model(
            self.variant, self.catalog, self.src, charts=self.charts
        )
        self._build("one_edit", run)
        self.reread.append(changed(read, stamps(self.build_dir, "doctrees", ".doctree")))
        self.rewritten.append(changed(written, stamps(self.build_dir, "html", ".html")))
        self.prepare()  # undo the edit
        if parallel:
            clean(self.variant, self.project)
            self.rss_parallel.append(self._build("parallel", run, jobs=parallel).peak_rss_mb)

    def result(self) -> dict[str, Any]:
        """This variant's row of the results."""
        reread = self.reread[-1] if self.reread else []
        allowed = shown_by(self.catalog, self.catalog.edit_id)
        return {
            "n": self.catalog.n,
            "variant": self.variant,
            "label": LABELS[self.variant],
            "documents": self.documents,
            **{metric: summary(values) for metric, values in self.samples.items()},
            "cpu": {metric: summary(values) for metric, values in self.cpu.items()},
            "peak_rss_mb": summary(self.rss),
            "peak_rss_parallel_mb": summary(self.rss_parallel),
            "reread": {
                "count": len(reread),
                "counts_per_run": [len(r) for r in self.reread],
                "documents": reread if len(reread) <= 60 else [*reread[:60], "..."],
                "not_showing_the_model": [d for d in reread if d not in allowed][:60],
                "edited_files": self.edited,
            },
            "rewritten_on_one_edit": {
                "count": len(self.rewritten[-1]) if self.rewritten else 0,
                "documents": (self.rewritten[-1] if self.rewritten else [])[:60],
            },
            "warnings": {"count": len(self.warnings), "first": self.warnings[:10]},
        }


# --- Comparisons and targets ----------------------------------------------------------------


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """modelcards / baseline for every metric, per size (same run)."""
    out = []
    by_key = {(r["n"], r["variant"]): r for r in rows}
    for n in sorted({r["n"] for r in rows}):
        ours = by_key.get((n, "modelcards"))
        if ours is None:
            continue
        for baseline in BASELINES:
            other = by_key.get((n, baseline))
            if other is None:
                continue
            out.append(
                {
                    "n": n,
                    "baseline": baseline,
                    **{
                        m: ratio(median(ours, m), median(other, m))
                        for m in (*METRICS, "peak_rss_mb")
                    },
                    "cpu": {m: ratio(cpu_median(ours, m), cpu_median(other, m)) for m in METRICS},
                }
            )
    return out


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, checked at every measured size (defined at N = 3,000)."""
    by_key = {(r["n"], r["variant"]): r for r in rows}
    checks: list[dict[str, Any]] = []

    def check(
        n: int,
        name: str,
        value: float | None,
        limit: float,
        op: str = "<=",
        cpu: float | None = None,
    ) -> None:
        if value is None:
            return
        ok = value <= limit if op == "<=" else value >= limit
        item = {"n": n, "target": name, "value": value, "limit": f"{op} {limit}", "ok": ok}
        checks.append({**item, "value_cpu": cpu})

    sizes = sorted({r["n"] for r in rows})
    for n in sizes:
        ours = by_key.get((n, "modelcards"))
        if ours is None:
            continue
        fresh, fresh_cpu = median(ours, "fresh"), cpu_median(ours, "fresh")
        for baseline, limit, name in (
            ("static", 1.0, "fresh / S"),
            ("flat", 0.5, "fresh / F"),
            ("needs", 0.5, "fresh / sphinx-needs"),
            ("floor", 1.5, "fresh / floor"),
        ):
            other = by_key.get((n, baseline))
            if other:
                wall = ratio(fresh, median(other, "fresh"))
                check(n, name, wall, limit, cpu=ratio(fresh_cpu, cpu_median(other, "fresh")))
        for metric, limit, name in (("one_edit", 0.10, "one-edit"), ("noop", 0.05, "no-op")):
            wall = ratio(median(ours, metric), fresh)
            cpu = ratio(cpu_median(ours, metric), fresh_cpu)
            check(n, f"{name} / fresh", wall, limit, cpu=cpu)
        strays = len(ours["reread"]["not_showing_the_model"])
        check(n, "one-edit re-reads documents not showing the model", float(strays), 0)
        check(n, "fresh serial / -j 2", ratio(fresh, median(ours, "parallel")), 1.3, ">=")
        static = by_key.get((n, "static"))
        if static:
            rss = ratio(median(ours, "peak_rss_mb"), median(static, "peak_rss_mb"))
            check(n, "peak RSS / S", rss, 1.2)
    small, large = by_key.get((3000, "modelcards")), by_key.get((10000, "modelcards"))
    if small and large:
        scaled = ratio(median(large, "fresh"), median(small, "fresh"))
        cpu = ratio(cpu_median(large, "fresh"), cpu_median(small, "fresh"))
        check(10000, "fresh N=10,000 / N=3,000", scaled, 3.7, cpu=cpu)
    return checks


def scaling(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How each variant's fresh build grows between consecutive sizes."""
    out = []
    variants = dict.fromkeys(r["variant"] for r in rows)
    for variant in variants:
        mine = sorted((r for r in rows if r["variant"] == variant), key=lambda r: r["n"])
        for a, b in itertools.pairwise(mine):
            out.append(
                {
                    "variant": variant,
                    "from_n": a["n"],
                    "to_n": b["n"],
                    "models_ratio": b["n"] / a["n"],
                    "fresh_ratio": ratio(median(b, "fresh"), median(a, "fresh")),
                    "fresh_cpu_ratio": ratio(cpu_median(b, "fresh"), cpu_median(a, "fresh")),
                }
            )
    return out


# --- Output -----------------------------------------------------------------------------------


def _fmt(stats: dict[str, Any] | None, unit: str = "s") -> str:
    if not stats:
        return "-"
    spread = f" ({stats['min']:.2f}-{stats['max']:.2f})" if len(stats["runs"]) > 1 else ""
    return f"{stats['median']:.2f}{unit}{spread}"


def _fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def result_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Rows of the main table (first row is the header)."""
    header = ["N", "variant", "docs", "fresh", "no-op", "one-edit", "-j 2", "peak RSS", "re-read"]
    return [
        header,
        *(
            [
                f"{r['n']:,}",
                r["label"],
                f"{r['documents']:,}",
                _fmt(r["fresh"]),
                _fmt(r["noop"]),
                _fmt(r["one_edit"]),
                _fmt(r["parallel"]),
                _fmt(r["peak_rss_mb"], " MB"),
                str(r["reread"]["count"]),
            ]
            for r in rows
        ),
    ]


def cpu_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Rows of the CPU-time table (first row is the header)."""
    header = ["N", "variant", "fresh", "no-op", "one-edit", "-j 2 (both workers)"]
    body = [[f"{r['n']:,}", r["label"], *(_fmt(r["cpu"][m]) for m in METRICS)] for r in rows]
    return [header, *body]


def ratio_table(items: list[dict[str, Any]], *, cpu: bool = False) -> list[list[str]]:
    """Rows of the ratio table: modelcards / baseline, wall time (or CPU time)."""
    header = ["N", "modelcards vs", "fresh", "no-op", "one-edit", "-j 2"]
    if not cpu:
        header.append("peak RSS")
    metrics = METRICS if cpu else (*METRICS, "peak_rss_mb")
    rows = [
        [
            f"{item['n']:,}",
            LABELS[item["baseline"]],
            *(_fmt_ratio((item["cpu"] if cpu else item)[m]) for m in metrics),
        ]
        for item in items
    ]
    return [header, *rows]


def render_text(table: list[list[str]]) -> str:
    """A plain-text table."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for index, row in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def scaling_table(items: list[dict[str, Any]]) -> list[list[str]]:
    """Rows of the growth table: fresh build time between consecutive sizes."""
    header = ["variant", "from N", "to N", "models x", "fresh time x", "CPU time x"]
    body = [
        [
            LABELS[item["variant"]],
            f"{item['from_n']:,}",
            f"{item['to_n']:,}",
            f"{item['models_ratio']:.2f}",
            _fmt_ratio(item["fresh_ratio"]),
            _fmt_ratio(item["fresh_cpu_ratio"]),
        ]
        for item in items
    ]
    return [header, *body]


def target_table(items: list[dict[str, Any]]) -> list[list[str]]:
    """Rows of the targets table."""
    header = ["N", "target", "wall", "CPU", "wanted", "met"]
    body = [
        [
            f"{t['n']:,}",
            t["target"],
            f"{t['value']:.3g}",
            "-" if t["value_cpu"] is None else f"{t['value_cpu']:.3g}",
            t["limit"],
            "yes" if t["ok"] else "no",
        ]
        for t in items
    ]
    return [header, *body]


def render_rst(table: list[list[str]], caption: str) -> str:
    """A ``list-table`` for the docs."""
    lines = [f".. list-table:: {caption}", "   :header-rows: 1", ""]
    for row in table:
        for index, cell in enumerate(row):
            text = "\\-" if cell == "-" else cell  # a lone "-" would start a bullet list
            lines.append(f"   {'* -' if index == 0 else '  -'} {text}")
    return "\n".join(lines) + "\n"


def environment(args: argparse.Namespace) -> dict[str, Any]:
    """What the numbers were measured on."""
    import sphinx

    def version(module: str) -> str | None:
        if importlib.util.find_spec(module) is None:
            return None
        mod = __import__(module)
        return str(getattr(mod, "__version__", "?"))

    try:
        rev = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        rev = ""
    return {
        "schema": SCHEMA,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "git": rev or None,
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "sphinx_modelcards": version("sphinx_modelcards"),
        "sphinx_needs": version("sphinx_needs"),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "seed": args.seed,
        "runs": args.runs,
        "sizes": args.sizes,
        "variants": args.variants,
        "modelcards_charts": not args.no_charts,
        "modelcards_conf": args.modelcards_conf,
        "flat_max_n": args.flat_max_n,
        "flat_runs": args.flat_runs,
        "baselines_max_n": args.baselines_max_n,
        "parallel_max_n": args.parallel_max_n,
    }


def merge_previous(results: dict[str, Any], previous: Path) -> None:
    """Keep the sizes of an earlier run that this one did not measure (``--merge``)."""
    if not previous.is_file():
        return
    old = json.loads(previous.read_text(encoding="utf-8"))
    measured = {r["n"] for r in results["results"]}
    kept = [r for r in old["results"] if r["n"] not in measured]
    if not kept:
        return
    rows = sorted(kept + results["results"], key=lambda r: r["n"])
    results["results"] = rows
    results["skipped"] = [s for s in old.get("skipped", []) if s["n"] not in measured] + results[
        "skipped"
    ]
    results.update(derived(rows))
    env = old["environment"]
    results["environment"]["merged"] = {
        "sizes": sorted({r["n"] for r in kept}),
        "date": env["date"],
        "runs": env["runs"],
        "git": env.get("git"),
    }


def write_outputs(results: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    """``latest.json`` and the ``latest.rst`` table fragment."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / "latest.json"
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    meta = results["environment"]
    rst = [
        ".. Written by bench/run.py; do not edit by hand.",
        "",
        f"Measured {meta['date']} on {meta['platform']} ({meta['cpus']} CPUs), Python "
        f"{meta['python']}, Sphinx {meta['sphinx']}, sphinx-needs {meta['sphinx_needs'] or 'n/a'}; "
        f"median of {meta['runs']} run(s), min-max in brackets.",
    ]
    if merged := meta.get("merged"):
        sizes = ", ".join(f"{n:,}" for n in merged["sizes"])
        rst += [
            "",
            f"N = {sizes} from an earlier run ({merged['date']}, median of {merged['runs']} "
            "run(s)), kept by ``--merge``.",
        ]
    rst += [
        "",
        render_rst(result_table(results["results"]), "Build times and peak memory"),
    ]
    rst += ["", render_rst(cpu_table(results["results"]), "CPU time (user + sys)")]
    if results["ratios"]:
        caption = "modelcards / baseline, wall time (same run)"
        rst += ["", render_rst(ratio_table(results["ratios"]), caption)]
    if results["scaling"]:
        rst += ["", render_rst(scaling_table(results["scaling"]), "Growth of the fresh build")]
    if results["targets"]:
        rst += ["", render_rst(target_table(results["targets"]), "Targets (wall time)")]
    rst_path = folder / "latest.rst"
    rst_path.write_text("\n".join(rst), encoding="utf-8")
    return json_path, rst_path


# --- Main -------------------------------------------------------------------------------------


def available_variants(requested: Sequence[str]) -> tuple[list[str], list[str]]:
    """The requested variants that can run here, and those skipped (sphinx-needs missing)."""
    skipped = []
    if "needs" in requested and importlib.util.find_spec("sphinx_needs") is None:
        skipped.append("needs")
    return [v for v in requested if v not in skipped], skipped


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Every size, every variant, ``args.runs`` times (runs interleaved across variants).

    Baseline F grows quadratically (every page renders an N-entry navigation), so it
    is built once per size (``--flat-runs``), without the ``-j`` build, and not above
    ``--flat-max-n``.
    """
    rows = []
    skipped: list[dict[str, Any]] = []
    for n in args.sizes:
        start = time.perf_counter()
        catalog = generate.make_catalog(n, args.seed)
        variants = list(args.variants)
        if "flat" in variants and n > args.flat_max_n:
            variants.remove("flat")
            skipped.append(
                {"n": n, "variant": "flat", "reason": f"N > --flat-max-n {args.flat_max_n}"}
            )
        for variant in ("needs", "floor"):
            if variant in variants and n > args.baselines_max_n:
                variants.remove(variant)
                reason = f"N > --baselines-max-n {args.baselines_max_n}"
                skipped.append({"n": n, "variant": variant, "reason": reason})
        serial_only = args.no_parallel or n > args.parallel_max_n
        runs = [
            VariantRun(v, catalog, args.out / f"n{n}", charts=not args.no_charts) for v in variants
        ]
        for run in runs:
            run.prepare()
        print(f"N={n:,}: projects written in {time.perf_counter() - start:.1f} s", flush=True)
        for index in range(args.runs):
            for run in runs:
                if run.variant == "flat" and index >= args.flat_runs:
                    continue
                tick = time.perf_counter()
                slow = run.variant == "flat"  # its -j build is as quadratic and no target needs it
                run.once(index, None if serial_only or slow else args.jobs)
                print(
                    f"  run {index + 1}/{args.runs} {run.variant:<10} "
                    f"fresh {run.samples['fresh'][-1]:7.2f} s "
                    f"(cpu {run.cpu['fresh'][-1]:.2f} s)  "
                    f"(cycle {time.perf_counter() - tick:.1f} s)",
                    flush=True,
                )
        rows.extend(run.result() for run in runs)
    return {"results": rows, "skipped": skipped, **derived(rows)}


def derived(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What the results' rows imply: ratios to the baselines, growth, targets."""
    return {"ratios": ratios(rows), "scaling": scaling(rows), "targets": targets(rows)}


def profile(args: argparse.Namespace) -> None:
    """Phase timers and cProfile of one fresh build of the extension per size."""
    script = HERE / "profiling.py"
    for n in args.sizes:
        catalog = generate.make_catalog(n, args.seed)
        project = VariantRun("modelcards", catalog, args.out / f"n{n}", charts=not args.no_charts)
        project.prepare()
        for mode in ("timers", "cprofile"):
            clean("modelcards", project.project)
            cmd = [sys.executable, str(script), str(project.src), str(project.build_dir)]
            cmd += ["--mode", mode, "--json", str(args.results / f"profile-{n}-{mode}.json")]
            if mode == "cprofile":
                cmd += ["--prof", str(args.results / f"profile-{n}.prof"), "--top", str(args.top)]
            print(f"N={n:,}: {mode} ...", flush=True)
            subprocess.run(cmd, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="catalog sizes (default 700 3000 10000)"
    )
    parser.add_argument("--runs", type=int, help="repetitions of every build (default 3)")
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=generate.VARIANTS,
        default=list(generate.VARIANTS),
        help="what to build (default: all; sphinx-needs is skipped when not installed)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="-j for the parallel build (2)")
    parser.add_argument("--no-parallel", action="store_true", help="skip the -j build")
    parser.add_argument(
        "--modelcards-conf",
        action="append",
        default=[],
        metavar="LINE",
        help="a line added to the modelcards project's conf.py, e.g. "
        "'modelcards_gc_threshold = 0' (repeatable)",
    )
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help="build modelcards with modelcards_profile_charts = False (S and F have no charts)",
    )
    parser.add_argument(
        "--flat-max-n",
        type=int,
        default=3000,
        help="build baseline F only up to this N (it is quadratic; default 3000)",
    )
    parser.add_argument("--flat-runs", type=int, default=1, help="runs of baseline F (1)")
    parser.add_argument(
        "--baselines-max-n",
        type=int,
        default=10**9,
        help="build sphinx-needs and the floor only up to this N (the N = 10,000 targets "
        "compare with S alone)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the sizes of the previous latest.json that this run does not measure",
    )
    parser.add_argument(
        "--parallel-max-n", type=int, default=10**9, help="build with -j only up to this N"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="scratch folder (default bench/out)")
    parser.add_argument("--results", type=Path, help="where latest.json/.rst go (bench/results)")
    parser.add_argument("--quick", action="store_true", help="smoke run: N=50, one run")
    parser.add_argument("--profile", action="store_true", help="profile the extension instead")
    parser.add_argument("--top", type=int, default=25, help="entries in the profile report")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or [50]
        args.runs = args.runs or 1
        args.out = args.out or HERE / "out" / "quick"
        args.results = args.results or HERE / "out" / "quick" / "results"
    args.sizes = args.sizes or ([3000] if args.profile else [700, 3000, 10000])
    args.runs = args.runs or 3
    args.out = (args.out or HERE / "out").resolve()
    args.results = (args.results or HERE / "results").resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or the profile) and print the tables."""
    args = parse_args(argv)
    for line in args.modelcards_conf:
        generate.MODELCARDS_CONF += line + "\n"
    if args.profile:
        profile(args)
        return 0
    args.variants, skipped = available_variants(args.variants)
    for variant in skipped:
        print(f"skipping {variant}: sphinx-needs is not installed (pip install sphinx-needs)")
    results = {"environment": environment(args), **benchmark(args)}
    results["environment"]["skipped"] = skipped
    if args.merge:
        merge_previous(results, args.results / "latest.json")
    print("\nWall time, median (min-max), and the peak RSS of the serial fresh build:")
    print(render_text(result_table(results["results"])))
    print("\nCPU time, user + sys (steadier than wall time on a busy machine):")
    print(render_text(cpu_table(results["results"])))
    if results["ratios"]:
        print("\nmodelcards / baseline, wall time:")
        print(render_text(ratio_table(results["ratios"])))
        print("\nmodelcards / baseline, CPU time:")
        print(render_text(ratio_table(results["ratios"], cpu=True)))
    if results["targets"]:
        print("\nTargets (defined at N = 3,000), on wall time [CPU time in brackets]:")
        for t in results["targets"]:
            mark = "ok  " if t["ok"] else "MISS"
            cpu = f" [{t['value_cpu']:.3g}]" if t["value_cpu"] is not None else ""
            print(
                f"  {mark} N={t['n']:<6,} {t['target']:<52} {t['value']:.3g}{cpu} "
                f"(want {t['limit']})"
            )
    for row in results["results"]:
        count = row["warnings"]["count"]
        if count:
            print(f"\nnote: {row['variant']} at N={row['n']} logged {count} warning(s)")
    json_path, rst_path = write_outputs(results, args.results)
    print(f"\nwrote {json_path} and {rst_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
