"""Builds are reproducible: the same sources give byte-identical output.

Each build runs ``sphinx-build`` in its own process with its own ``PYTHONHASHSEED``,
so that an order coming from a set or a hash shows up as a difference. Compared:
every file of the HTML output (pages, ``objects.inv``, ``searchindex.js``, published
data, SVG) except the doctree cache. Fresh builds in different folders, serial and
parallel builds, and an incremental build after an edit all agree.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "test-basic"

#: A page with charts and grouped tables, so that SVG and every table kind are compared.
EXTRA_PAGE = """\
Charts
======

.. modelchart:: params-tokens
   :caption: Parameters and tokens

.. modelchart:: releases

.. modelchart:: benchmarks
   :model: acme-titan

.. leaderboard::
   :group-by: tags

.. leaderboard::
   :columns: rank, name, lab, released, alscore, mmlu, tags
   :sort: -mmlu, name
"""


@dataclass(frozen=True)
class Built:
    srcdir: Path
    outdir: Path
    log: str


def copy_sources(target: Path) -> Path:
    """A private copy of the basic test root, with a page of charts."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("_build", "catalog"))
    (target / "charts.rst").write_text(EXTRA_PAGE, encoding="utf-8")
    index = target / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").rstrip() + "\n   charts\n", encoding="utf-8")
    return target


def sphinx_build(srcdir: Path, outdir: Path, *options: str, seed: int = 0) -> Built:
    """``sphinx-build -b html`` in a new process (so with its own hash seed)."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        *options,
        str(srcdir),
        str(outdir),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log
    return Built(srcdir, outdir, log)


IGNORED = (".doctrees",)


def snapshot(outdir: Path) -> dict[str, bytes]:
    """Every output file (except the doctree cache) by relative path."""
    files = {}
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir)
        if path.is_file() and not set(relative.parts) & set(IGNORED):
            files[relative.as_posix()] = path.read_bytes()
    return files


def known_differences(files: dict[str, bytes]) -> dict[str, bytes]:
    """Output with the differences that are known (and tested on their own) taken out.

    * Sphinx's search index keeps terms of removed documents as empty lists.
    """
    result = {}
    for name, content in files.items():
        if name == "searchindex.js":
            index = json.loads(content[len(b"Search.setIndex(") : -1])
            for key in ("terms", "titleterms"):
                index[key] = {term: docs for term, docs in index[key].items() if docs != []}
            content = json.dumps(index, sort_keys=True).encode()
        result[name] = content
    return result


def assert_identical(first: Built, second: Built, *, known: bool = False) -> None:
    """The same files with the same bytes; on failure, say which and show a diff."""
    left, right = snapshot(first.outdir), snapshot(second.outdir)
    if known:
        left, right = known_differences(left), known_differences(right)
    assert sorted(left) == sorted(right)
    different = [name for name in left if left[name] != right[name]]
    if different:
        name = different[0]
        diff = "\n".join(
            difflib.unified_diff(
                left[name].decode(errors="replace").splitlines(),
                right[name].decode(errors="replace").splitlines(),
                lineterm="",
                n=1,
            )
        )
        pytest.fail(f"{len(different)} file(s) differ: {different[:10]}\n{diff[:3000]}")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The reference build: fresh, serial, hash seed 0."""
    base = tmp_path_factory.mktemp("reference")
    return sphinx_build(copy_sources(base / "src"), base / "out", seed=0)


def test_reference_build_is_clean(reference: Built) -> None:
    assert "WARNING" not in reference.log
    kinds = {Path(name).suffix for name in snapshot(reference.outdir)}
    assert {".html", ".inv", ".js"} <= kinds
    assert (reference.outdir / "charts.html").read_text(encoding="utf-8").count("<svg") >= 3


def test_two_fresh_builds_are_identical(reference: Built, tmp_path: Path) -> None:
    """Another folder, another hash seed: the same bytes."""
    again = sphinx_build(copy_sources(tmp_path / "elsewhere"), tmp_path / "out", seed=12345)
    assert_identical(reference, again)


def test_generated_sources_are_identical(reference: Built, tmp_path: Path) -> None:
    again = sphinx_build(copy_sources(tmp_path / "src"), tmp_path / "out", seed=777)
    generated = reference.srcdir / "catalog"
    for path in sorted(generated.rglob("*.rst")):
        other = again.srcdir / "catalog" / path.relative_to(generated)
        assert other.read_bytes() == path.read_bytes(), path
    assert len(list((again.srcdir / "catalog").rglob("*.rst"))) == len(
        list(generated.rglob("*.rst"))
    )


def test_parallel_build_is_identical_to_serial(reference: Built, tmp_path: Path) -> None:
    parallel = sphinx_build(copy_sources(tmp_path / "src"), tmp_path / "out", "-j", "2", seed=99)
    assert_identical(reference, parallel)


#: Pages Sphinx writes on every build, whatever changed.
ALWAYS_WRITTEN = {"genindex.html", "search.html"}


def test_no_op_rebuild_changes_nothing(tmp_path: Path) -> None:
    first = sphinx_build(copy_sources(tmp_path / "src"), tmp_path / "out", seed=1)
    before = known_differences(snapshot(first.outdir))
    stamps = {p: p.stat().st_mtime_ns for p in first.outdir.rglob("*.html")}
    generated = {p: p.stat().st_mtime_ns for p in (first.srcdir / "catalog").rglob("*.rst")}
    doctrees = {p: p.stat().st_mtime_ns for p in first.outdir.rglob("*.doctree")}
    second = sphinx_build(first.srcdir, first.outdir, seed=2)
    assert known_differences(snapshot(second.outdir)) == before
    # nothing is read again (a document read is pickled again), and no generated source
    # is touched (sphinx-autobuild would loop)
    assert doctrees and {p: p.stat().st_mtime_ns for p in doctrees} == doctrees
    assert {p: p.stat().st_mtime_ns for p in (first.srcdir / "catalog").rglob("*.rst")} == generated
    rewritten = [
        p.name
        for p, stamp in stamps.items()
        if p.stat().st_mtime_ns != stamp and p.name not in ALWAYS_WRITTEN
    ]
    assert rewritten == []


def test_static_files_are_in_place_before_pages_are_written(reference: Built) -> None:
    page = (reference.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(r"_static/modelcards\.css\?v=[0-9a-f]+", page)


def edit(srcdir: Path) -> None:
    """Change a score, add a model, remove another."""
    titan = srcdir / "data" / "models" / "acme" / "acme-titan.yaml"
    titan.write_text(
        titan.read_text(encoding="utf-8").replace("mmlu: 91.5", "mmlu: 92.5"), encoding="utf-8"
    )
    (srcdir / "data" / "models" / "acme" / "acme-mini.yaml").write_text(
        "id: acme-mini\nname: Acme Mini\nlab: acme\nreleased: 2025-07\naccess: public\n"
        "architecture: dense\nparameters_b: 3\ntraining_tokens_b: 900\n"
        "benchmarks:\n  mmlu: 55.0\ntags: [Small]\n",
        encoding="utf-8",
    )
    (srcdir / "data" / "models" / "cirrus" / "cirrus-1.json").unlink()


def test_incremental_build_equals_a_fresh_build(tmp_path: Path) -> None:
    """Build, edit the data, rebuild in place: the same output as a fresh build of the edit."""
    incremental = sphinx_build(copy_sources(tmp_path / "a"), tmp_path / "a-out", seed=3)
    edit(incremental.srcdir)
    incremental = sphinx_build(incremental.srcdir, incremental.outdir, seed=4)

    fresh_src = copy_sources(tmp_path / "b")
    edit(fresh_src)
    fresh = sphinx_build(fresh_src, tmp_path / "b-out", seed=5)

    assert not (incremental.outdir / "catalog" / "models" / "cirrus-1.html").exists()
    assert (incremental.outdir / "catalog" / "models" / "acme-mini.html").exists()
    assert "92.5" in (incremental.outdir / "catalog" / "models" / "acme-titan.html").read_text(
        encoding="utf-8"
    )
    assert_identical(fresh, incremental, known=True)


def test_removed_model_leaves_no_copied_source(tmp_path: Path) -> None:
    built = sphinx_build(copy_sources(tmp_path / "src"), tmp_path / "out", seed=6)
    copied = built.outdir / "_sources" / "catalog" / "models" / "cirrus-1.rst.txt"
    assert copied.is_file()
    (built.srcdir / "data" / "models" / "cirrus" / "cirrus-1.json").unlink()
    sphinx_build(built.srcdir, built.outdir, seed=7)
    assert not (built.outdir / "catalog" / "models" / "cirrus-1.html").exists()
    assert not copied.exists()


# Incremental builds after changes that remove pages (issue 22) ----------------------------------


def _set_conf(srcdir: Path, **values: object) -> None:
    conf = srcdir / "conf.py"
    lines = [f"{name} = {value!r}" for name, value in values.items()]
    conf.write_text(conf.read_text(encoding="utf-8") + "\n".join(["", *lines, ""]), "utf-8")


def _toctree_entry(srcdir: Path, old: str, new: str) -> None:
    index = srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _rename_pages_folder(srcdir: Path) -> None:
    _set_conf(srcdir, modelcards_pages="models")
    _toctree_entry(srcdir, "catalog/index", "models/index")


def _generation_off(srcdir: Path) -> None:
    _set_conf(srcdir, modelcards_generate=False)
    _toctree_entry(srcdir, "   catalog/index\n", "")


def _last_model_of_a_lab_gone(srcdir: Path) -> None:
    """Borealis loses its models: its lab page and the neighbours' links to it go."""
    shutil.rmtree(srcdir / "data" / "models" / "borealis")


@pytest.mark.parametrize(
    "change",
    [_rename_pages_folder, _generation_off, _last_model_of_a_lab_gone],
    ids=["pages-folder-renamed", "generation-off", "last-model-of-a-lab-removed"],
)
def test_incremental_build_after_removing_pages_equals_a_fresh_build(
    tmp_path: Path, change: object
) -> None:
    assert callable(change)
    incremental = sphinx_build(copy_sources(tmp_path / "a"), tmp_path / "a-out", seed=8)
    change(incremental.srcdir)
    incremental = sphinx_build(incremental.srcdir, incremental.outdir, seed=9)
    assert "toctree" not in incremental.log, incremental.log

    fresh_src = copy_sources(tmp_path / "b")
    change(fresh_src)
    fresh = sphinx_build(fresh_src, tmp_path / "b-out", seed=10)
    assert_identical(fresh, incremental, known=True)
    generated = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.rst"))
    assert generated == sorted(p.relative_to(tmp_path / "b") for p in fresh_src.rglob("*.rst"))


def test_an_edit_keeping_size_and_time_is_seen(tmp_path: Path) -> None:
    """The parse cache keys on the content, not on size and modification time."""
    built = sphinx_build(copy_sources(tmp_path / "src"), tmp_path / "out", seed=11)
    titan = built.srcdir / "data" / "models" / "acme" / "acme-titan.yaml"
    before = titan.stat()
    titan.write_text(titan.read_text(encoding="utf-8").replace("91.5", "92.5"), "utf-8")
    os.utime(titan, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert titan.stat().st_size == before.st_size
    rebuilt = sphinx_build(
        built.srcdir, tmp_path / "out2", "-d", str(tmp_path / "out" / ".doctrees"), seed=12
    )
    page = rebuilt.outdir / "catalog" / "models" / "acme-titan.html"
    assert "92.5" in page.read_text(encoding="utf-8")
