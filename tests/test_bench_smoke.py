"""Smoke test of the build benchmark (bench/): it runs end to end and writes its results.

No timing is asserted: the numbers of a test run mean nothing. The real measurement
is ``python bench/run.py --sizes 700 3000 10000 --runs 3`` on a quiet machine.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

RESULT_KEYS = {
    "n",
    "variant",
    "label",
    "documents",
    "fresh",
    "noop",
    "one_edit",
    "parallel",
    "peak_rss_mb",
    "peak_rss_parallel_mb",
    "reread",
    "rewritten_on_one_edit",
    "warnings",
}
STAT_KEYS = {"median", "min", "max", "runs"}


def test_catalog_is_deterministic_and_realistic() -> None:
    first, second = generate.make_catalog(300, seed=7), generate.make_catalog(300, seed=7)
    assert first.models == second.models
    assert generate.make_catalog(300, seed=8).models != first.models
    assert len({m["id"] for m in first.models}) == 300
    for model in first.models:
        assert 0 <= len(model["benchmarks"]) <= 4
        assert 1 <= len(model["tags"]) <= 3
        assert len(model["notes"].split()) == 80
        assert len(model["links"]) == 2
    assert "mmlu" in first.model(first.edit_id)["benchmarks"]


def test_lab_sizes_are_skewed() -> None:
    sizes = generate.lab_sizes(3000)
    assert len(sizes) == generate.N_LABS
    assert sum(sizes) == 3000
    assert sizes == sorted(sizes, reverse=True)
    assert 0.05 <= sizes[0] / 3000 <= 0.09
    assert min(sizes) >= 1


def test_variants_have_the_same_documents() -> None:
    catalog = generate.make_catalog(60)
    docs = {}
    for variant in ("static", "flat", "needs", "floor"):
        files = generate.project_files(variant, catalog)
        docs[variant] = {name for name in files if name.endswith(".rst")}
    assert docs["static"] == docs["flat"] == docs["needs"] == docs["floor"]
    data = generate.project_files("modelcards", catalog)
    assert sum(1 for name in data if name.startswith("data/models/")) == 60


def test_harness_writes_results(tmp_path: Path) -> None:
    variants = ["modelcards", "static", "floor"]
    if importlib.util.find_spec("sphinx_needs") is not None:
        variants.append("needs")
    command = [sys.executable, str(BENCH / "run.py"), "--sizes", "50", "--runs", "1"]
    command += ["--variants", *variants, "--out", str(tmp_path / "out")]
    command += ["--results", str(tmp_path / "results"), "--no-parallel"]  # keep it short
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

    results = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    assert set(results) == {"environment", "results", "skipped", "ratios", "scaling", "targets"}
    assert results["environment"]["sizes"] == [50]
    rows = {row["variant"]: row for row in results["results"]}
    assert set(rows) == set(variants)
    for row in rows.values():
        assert set(row) >= RESULT_KEYS
        for metric in ("fresh", "noop", "one_edit", "peak_rss_mb"):
            assert set(row[metric]) == STAT_KEYS, (row["variant"], metric)
        assert row["parallel"] is None
        assert row["reread"]["count"] >= 1
    # Every variant builds the same documents (the generated pages of the extension too).
    assert len({row["documents"] for row in rows.values()}) == 1
    assert rows["modelcards"]["reread"]["not_showing_the_model"] == []
    baselines = {item["baseline"] for item in results["ratios"]}
    assert baselines == set(variants) - {"modelcards"}
    assert "list-table" in (tmp_path / "results" / "latest.rst").read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", generate.VARIANTS)
def test_one_edit_changes_one_model(tmp_path: Path, variant: str) -> None:
    catalog = generate.make_catalog(40)
    generate.write_project(variant, catalog, tmp_path)
    written = generate.edit_one_model(variant, catalog, tmp_path)
    assert written
    assert any(catalog.edit_id in name for name in written)
    if variant == "modelcards":
        assert written == [
            f"data/models/{catalog.model(catalog.edit_id)['lab']}/{catalog.edit_id}.yaml"
        ]
