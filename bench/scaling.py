"""Is the cost of ``validate`` linear in the size of one input? (Run by hand, not by tests.)

Three inputs that used to cost quadratic time, each at growing sizes:

* ``benchmarks``: one YAML model with N benchmark scores;
* ``toml-keys``: the same model in TOML written as N dotted keys (``benchmarks.bN = 50``);
* ``tags``: one YAML model with N tags.

For each, the script times :func:`load_catalog` (what ``sphinx-modelcards validate``
and a build run) and prints the seconds and the ratio to the previous size. With a
linear cost each ratio is about 2 (the sizes double); a quadratic cost gives about 4.

Then three legacy markdown pages whose hostile part is N characters long (the pages
of ``tests/helpers.py``), timed through :func:`import_markdown` (what
``sphinx-modelcards import-markdown`` runs):

* ``md-links``: a Resources item of unclosed ``[a](`` links;
* ``md-brackets``: an ``**Organization:**`` line of ``[``;
* ``md-notes``: notes ``_ no ____...x`` that look like a placeholder.

Usage: ``python bench/scaling.py [--sizes 2500 5000 10000 20000]
[--markdown-sizes 50000 100000 200000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.importers.markdown import import_markdown

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import (
    open_brackets_page,
    placeholder_notes_page,
    unbalanced_links_page,
)

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

MARKDOWN_CASES: dict[str, Callable[[int], str]] = {
    "md-links": unbalanced_links_page,
    "md-brackets": open_brackets_page,
    "md-notes": placeholder_notes_page,
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


def measure_markdown(make: Callable[[int], str], n: int, runs: int) -> float:
    """Median seconds of importing the legacy page ``make(n)``."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "models" / "acme" / "hostile.md"
        page.parent.mkdir(parents=True)
        page.write_text(make(n), encoding="utf-8")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            import_markdown([page], Path(folder) / "out", force=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, sizes: list[int], seconds_for: Callable[[int], float]) -> None:
    """One line per size: seconds and the ratio to the previous size."""
    previous = None
    for n in sizes:
        seconds = seconds_for(n)
        ratio = f"{seconds / previous:.2f}" if previous else "-"
        print(f"{label:<12} {n:>7,} {seconds:>9.3f} {ratio:>7}")
        previous = seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    parser.add_argument("--markdown-sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'input':<12} {'N':>7} {'seconds':>9} {'ratio':>7}")
    for label, make in CASES.items():
        report(label, args.sizes, lambda n, make=make: measure(make, n, args.runs))
    for label, page in MARKDOWN_CASES.items():
        report(
            label,
            args.markdown_sizes,
            lambda n, page=page: measure_markdown(page, n, args.runs),
        )


if __name__ == "__main__":
    main()
