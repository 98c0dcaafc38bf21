"""Is the cost of ``validate`` linear in the size of one input? (Run by hand, not by tests.)

Three inputs that used to cost quadratic time, each at growing sizes:

* ``benchmarks``: one YAML model with N benchmark scores;
* ``toml-keys``: the same model in TOML written as N dotted keys (``benchmarks.bN = 50``);
* ``tags``: one YAML model with N tags.

For each, the script times :func:`load_catalog` (what ``sphinx-modelcards validate``
and a build run) and prints the seconds and the ratio to the previous size. With a
linear cost each ratio is about 2 (the sizes double); a quadratic cost gives about 4.

Usage: ``python bench/scaling.py [--sizes 2500 5000 10000 20000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sphinx_modelcards.data.loading import Sources, load_catalog

HEAD_YAML = "id: big\nname: Big\nlab: acme\n"
HEAD_TOML = 'id = "big"\nname = "Big"\nlab = "acme"\n'


def benchmarks(n: int) -> tuple[str, str]:
    return "m.yaml", HEAD_YAML + "benchmarks:\n" + "".join(f"  b{i}: 50\n" for i in range(n))


def toml_keys(n: int) -> tuple[str, str]:
    return "m.toml", HEAD_TOML + "".join(f"benchmarks.b{i} = 50\n" for i in range(n))


def tags(n: int) -> tuple[str, str]:
    return "m.yaml", HEAD_YAML + "tags:\n" + "".join(f"  - tag {i}\n" for i in range(n))


CASES: dict[str, Callable[[int], tuple[str, str]]] = {
    "benchmarks": benchmarks,
    "toml-keys": toml_keys,
    "tags": tags,
}


def measure(make: Callable[[int], tuple[str, str]], n: int, runs: int) -> float:
    """Median seconds of loading the file ``make(n)`` writes."""
    name, text = make(n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            load_catalog(Sources(data=(path,)))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'input':<12} {'N':>7} {'seconds':>9} {'ratio':>7}")
    for label, make in CASES.items():
        previous = None
        for n in args.sizes:
            seconds = measure(make, n, args.runs)
            ratio = f"{seconds / previous:.2f}" if previous else "-"
            print(f"{label:<12} {n:>7,} {seconds:>9.3f} {ratio:>7}")
            previous = seconds


if __name__ == "__main__":
    main()
