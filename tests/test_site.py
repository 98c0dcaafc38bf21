"""The generated site: pages, counts, references, intersphinx, incremental and parallel builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import warnings_of
from helpers import build, html_files, html_tables, html_text


def _model_column(html: str) -> list[str]:
    table = next(t for t in html_tables(html) if t and t[0] and t[0][0] == "Model")
    return [row[0] for row in table[1:]]


def test_generated_pages_list_the_right_models(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    acme = (out / "catalog/labs/acme.html").read_text()
    assert sorted(_model_column(acme)) == ["Acme Next", "Acme Pico", "Acme Titan"]
    assert "Total models: 3 · Public: 2" in html_text(acme)
    # newest first, TBA (no date) last
    assert _model_column(acme) == ["Acme Titan", "Acme Pico", "Acme Next"]
    moe = (out / "catalog/architectures/moe.html").read_text()
    assert sorted(_model_column(moe)) == ["Acme Next", "Acme Titan"]
    reasoning = (out / "catalog/tags/reasoning.html").read_text()
    assert sorted(_model_column(reasoning)) == [
        "Acme Next",
        "Acme Titan",
        "Borealis 70B",
        "Cirrus-2",
    ]
    labs = html_tables((out / "catalog/labs/index.html").read_text())[0]
    assert labs[1:] == [
        ["Acme Research", "3", "2"],
        ["Borealis Labs", "2", "1"],
        ["Cirrus Zürich AI", "2", "1"],
    ]
    # profiles are orphans reached from lab pages, not toctree entries
    assert (out / "catalog/models/cirrus-1.html").is_file()
    assert "models/acme-titan.html" in acme


def test_references_resolve_with_display_names(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    html = (Path(app.outdir) / "prose.html").read_text()
    assert 'href="catalog/models/acme-titan.html#mc-model-acme-titan"' in html
    assert ">Acme Titan</span></a>" in html
    assert ">the small one</span></a>" in html
    assert 'href="catalog/labs/borealis.html#mc-lab-borealis"' in html
    assert 'href="catalog/tags/reasoning.html#mc-tag-reasoning"' in html
    assert 'href="catalog/benchmarks.html#mc-benchmark-mmlu"' in html


def test_unknown_reference_warns(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        (basic / "prose.rst").read_text() + "\nSee :mc:model:`acme-giant`.\n"
    )
    app = build(make_app, basic)
    assert any(
        "prose.rst:" in w and "unknown model id 'acme-giant'" in w for w in warnings_of(app)
    ), warnings_of(app)


@pytest.mark.parametrize(
    "setting",
    [
        {"nitpick_ignore": [("mc:model", "acme-giant")]},
        {"nitpick_ignore_regex": [(r"mc:.*", r"acme-g.*")]},
    ],
)
def test_unknown_reference_can_be_silenced(make_app, basic, setting) -> None:  # type: ignore[no-untyped-def]
    (basic / "prose.rst").write_text(
        (basic / "prose.rst").read_text()
        + "\nSee :mc:model:`acme-giant` and :mc:lab:`acme-gone`.\n"
    )
    app = build(make_app, basic, confoverrides=setting)
    unknown = [w for w in warnings_of(app) if "unknown" in w]
    assert len(unknown) == (0 if "nitpick_ignore_regex" in setting else 1)
    assert all("acme-giant" not in w for w in unknown)


def test_objects_inventory_and_intersphinx(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = build(make_app, basic)
    inventory = Path(first.outdir) / "objects.inv"
    assert inventory.is_file()
    second = tmp_path / "second"
    second.mkdir()
    (second / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx', 'sphinx_modelcards']\n"
        f"intersphinx_mapping = {{'cat': ('https://catalog.example/', {str(inventory)!r})}}\n"
    )
    (second / "index.rst").write_text(
        "Other project\n=============\n\n"
        "Links to :mc:model:`acme-titan` and :external+cat:mc:lab:`borealis`.\n"
    )
    app = build(make_app, second)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "index.html").read_text()
    assert (
        'href="https://catalog.example/catalog/models/acme-titan.html#mc-model-acme-titan"' in html
    )
    assert 'href="https://catalog.example/catalog/labs/borealis.html#mc-lab-borealis"' in html


# Incremental builds -------------------------------------------------------------------------


def _fresh_copy_matches(make_app, srcdir: Path, incremental_out: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A fresh build of the same sources gives the same HTML as the incremental one."""
    fresh_src = tmp_path / "fresh"
    shutil.rmtree(fresh_src, ignore_errors=True)
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    assert html_files(Path(fresh.outdir)) == html_files(incremental_out)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_edit_one_model_rereads_its_pages(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    _edit(basic / "data/models/acme/acme-pico.yaml", "mmlu: 30.0", "mmlu: 35.5")
    app = build(make_app, basic)
    # not catalog/all-models: it shows no benchmark column, so an MMLU edit leaves it alone;
    # catalog/benchmarks: acme-pico is among MMLU's best ten (of six scores) there
    assert app.read_docs == [
        "catalog/architectures/dense",
        "catalog/benchmarks",
        "catalog/index",
        "catalog/labs/acme",
        "catalog/models/acme-pico",
        "catalog/tags/small",
        "myst",
        "prose",
    ]
    assert "35.5" in (Path(app.outdir) / "catalog/models/acme-pico.html").read_text()
    _fresh_copy_matches(make_app, basic, Path(app.outdir), tmp_path)


def test_rename_changes_every_index(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    _edit(
        basic / "data/models/cirrus/cirrus-1.json",
        '"name": "Cirrus-1 <Turbo>"',
        '"name": "Cirrus One"',
    )
    app = build(make_app, basic)
    assert "catalog/labs/cirrus" in app.read_docs
    assert "catalog/models/cirrus-1" in app.read_docs
    assert "catalog/models/cirrus-2" in app.read_docs  # its related list names cirrus-1
    assert "catalog/models/acme-titan" not in app.read_docs
    _fresh_copy_matches(make_app, basic, Path(app.outdir), tmp_path)


def test_add_and_remove_models(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    (basic / "data/models/acme/acme-mini.yaml").write_text(
        "id: acme-mini\nname: Acme Mini\nlab: acme\nreleased: 2025-08\naccess: public\n"
        "architecture: dense\nparameters_b: 3\ntraining_tokens_b: 9000\n"
    )
    (basic / "data/models/acme/acme-next.yaml").unlink()
    app = build(make_app, basic)
    assert warnings_of(app) == []
    assert "catalog/models/acme-mini" in app.read_docs
    assert not (basic / "catalog/models/acme-next.rst").exists()
    assert not (Path(app.outdir) / "catalog/models/acme-next.html").exists()
    acme = (Path(app.outdir) / "catalog/labs/acme.html").read_text()
    assert sorted(_model_column(acme)) == ["Acme Mini", "Acme Pico", "Acme Titan"]
    _fresh_copy_matches(make_app, basic, Path(app.outdir), tmp_path)


def test_removed_model_reference_warns(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    (basic / "data/models/acme/acme-pico.yaml").unlink()
    app = build(make_app, basic)
    assert "prose" in app.read_docs
    assert any("unknown model id 'acme-pico'" in w for w in warnings_of(app)), warnings_of(app)


def test_lab_registry_edit(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    _edit(basic / "data/labs.yaml", "name: Borealis Labs", "name: Borealis Research")
    app = build(make_app, basic)
    for doc in (
        "catalog/labs/borealis",
        "catalog/models/borealis-7b",
        "catalog/models/borealis-70b",
    ):
        assert doc in app.read_docs
    assert "catalog/models/acme-titan" not in app.read_docs
    assert "Borealis Research" in (Path(app.outdir) / "catalog/models/borealis-7b.html").read_text()
    _fresh_copy_matches(make_app, basic, Path(app.outdir), tmp_path)


def test_config_change_rebuilds(make_app, basic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    (basic / "conf.py").write_text((basic / "conf.py").read_text() + "modelcards_related = 1\n")
    app = build(make_app, basic)
    assert "catalog/models/acme-titan" in app.read_docs
    _fresh_copy_matches(make_app, basic, Path(app.outdir), tmp_path)


def test_myst_roles_resolve(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    html = (Path(app.outdir) / "myst.html").read_text()
    assert 'href="catalog/models/acme-titan.html#mc-model-acme-titan"' in html


def test_generated_pages_are_searchable(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    index = (Path(app.outdir) / "searchindex.js").read_text()
    assert '"catalog/models/acme-titan"' in index
    assert '"Acme Titan"' in index
    assert '"mc-model-acme-titan","Acme Titan"' in index  # the domain object


def test_generation_off(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "index.rst").write_text("Index\n=====\n\n.. modelcard:: acme-titan\n")
    (basic / "prose.rst").unlink()
    (basic / "myst.md").unlink()
    app = build(make_app, basic, confoverrides={"modelcards_generate": False})
    assert warnings_of(app) == []
    assert not (basic / "catalog").exists()
    assert "Acme Titan" in (Path(app.outdir) / "index.html").read_text()


def test_pages_folder_and_user_override(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    (basic / "index.rst").write_text(
        "Index\n=====\n\n.. toctree::\n\n   models-site/index\n   prose\n   myst\n"
    )
    (basic / "models-site/labs").mkdir(parents=True)
    own = "Acme, by hand\n=============\n\n.. mc:lab:: acme\n   :no-title:\n\nWritten by us.\n"
    (basic / "models-site/labs/acme.rst").write_text(own)
    app = build(make_app, basic, confoverrides={"modelcards_pages": "models-site"})
    assert warnings_of(app) == []
    assert (basic / "models-site/labs/acme.rst").read_text() == own
    assert (basic / "models-site/labs/borealis.rst").is_file()
    html = (Path(app.outdir) / "models-site/labs/acme.html").read_text()
    assert "Written by us." in html
    assert "Acme, by hand" in html
    prose = (Path(app.outdir) / "prose.html").read_text()
    assert 'href="models-site/labs/acme.html#mc-lab-acme"' in prose


def test_download_links_follow_the_builder(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    index = (Path(app.outdir) / "catalog/index.html").read_text()
    assert '<a class="reference external" href="../modelcards.json">JSON</a>' in index
    assert (Path(app.outdir) / "modelcards.json").is_file()
    text = build(make_app, basic, "text")
    assert "Download data" not in (Path(text.outdir) / "catalog/index.txt").read_text()


def test_markdown_override_replaces_the_stub(make_app, basic) -> None:  # type: ignore[no-untyped-def]
    build(make_app, basic)
    assert (basic / "catalog/labs/borealis.rst").is_file()
    (basic / "catalog/labs/borealis.md").write_text(
        "# Borealis, in MyST\n\n```{mc:lab} borealis\n:no-title:\n```\n"
    )
    app = build(make_app, basic)
    assert warnings_of(app) == []
    assert not (basic / "catalog/labs/borealis.rst").exists()
    assert "Borealis, in MyST" in (Path(app.outdir) / "catalog/labs/borealis.html").read_text()
