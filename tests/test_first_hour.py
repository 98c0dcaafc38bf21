"""What a new user meets first: profiles that state only what the data says, and
warnings that explain themselves."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import warnings_of
from helpers import build, copy_root, html_tables, html_text


def _page(make_app, rootdir: Path, tmp_path: Path, body: str, buildername: str = "html"):  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   page\n")
    (srcdir / "prose.rst").unlink()
    (srcdir / "myst.md").unlink()
    (srcdir / "page.rst").write_text(body)
    return build(make_app, srcdir, buildername, confoverrides={"modelcards_generate": False})


CARDS = """\
Page
====

.. modelcard::

   id: named-some
   name: Named Some
   lab: acme
   architecture: moe
   released: 2024-06-12
   last_updated: 2025-10-02
   benchmarks: {mmlu: 66.6, gpqa: null}

.. modelcard::

   id: names-none
   name: Names None
   lab: acme
"""


def _benchmark_rows(html: str) -> list[dict[str, str]]:
    return [
        {row[0]: row[1] for row in table[1:]}
        for table in html_tables(html)
        if table and table[0][:2] == ["Benchmark", "Score"]
    ]


def test_profile_lists_only_the_benchmarks_its_data_names(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _page(make_app, rootdir, tmp_path, CARDS)
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "page.html").read_text("utf-8")
    # Named with a score, named without one ("-"); never named: no row (no HLE, no MMLU-Pro).
    assert _benchmark_rows(html) == [{"MMLU": "66.6", "GPQA": "-"}]
    assert "The data names no benchmark for this model." in html_text(html)


def test_architecture_reads_lower_case_mid_sentence(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = CARDS.replace("architecture: moe", "architecture: mixture")
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    (srcdir / "data" / "architectures.yaml").write_text(
        "- id: mixture\n  name: Mixture of experts\n- id: dense-t\n  name: Dense transformer\n"
    )
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   page\n")
    (srcdir / "prose.rst").unlink()
    (srcdir / "myst.md").unlink()
    (srcdir / "page.rst").write_text(body)
    app = build(make_app, srcdir, confoverrides={"modelcards_generate": False})
    text = html_text((Path(app.outdir) / "page.html").read_text("utf-8"))
    assert "Named Some is a mixture-of-experts model from Acme Research" in text
    assert "Mixture of experts model" not in text


def test_dates_have_one_format(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _page(make_app, rootdir, tmp_path, CARDS)
    text = html_text((Path(app.outdir) / "page.html").read_text("utf-8"))
    assert "released Jun 2024" in text and "Last updated: Oct 2025" in text
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20", text)
    assert not re.search(r"\b20\d\d-\d\d", text)


def test_references_to_a_left_out_model_say_why(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    (srcdir / "data" / "models" / "gone.yaml").write_text(
        "id: gone-model\nname: Gone\nlab: acme\nparameters_b: lots\n"
    )
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   page\n")
    (srcdir / "prose.rst").unlink()
    (srcdir / "myst.md").unlink()
    (srcdir / "page.rst").write_text(
        "Page\n====\n\nSee :mc:model:`gone-model`.\n\n.. modelcard:: gone-model\n\n"
        ".. modelchart:: benchmarks\n   :model: gone-model\n"
    )
    app = build(make_app, srcdir, confoverrides={"modelcards_generate": False})
    warnings = warnings_of(app)
    origin = next(w for w in warnings if "gone.yaml:4" in w)
    assert "the model is left out" in origin
    reasons = [w for w in warnings if "page.rst" in w]
    assert len(reasons) == 3, warnings
    for line in reasons:
        assert "model 'gone-model' was left out: see the warning at " in line
        assert "data/models/gone.yaml:4" in line
    assert not any("unknown model id 'gone-model'" in w for w in warnings)


# ---------------------------------------------------------------- finding Chromium


def _no_browsers(monkeypatch, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    import helpers

    for variable in ("MODELCARDS_CHROMIUM", "CHROMIUM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright"))
    monkeypatch.setattr(helpers, "_MAC_APPS", ())
    (tmp_path / "bin").mkdir()
    return tmp_path


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_chromium_is_found_on_path_by_any_usual_name(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from helpers import find_chromium

    root = _no_browsers(monkeypatch, tmp_path)
    assert find_chromium()[0] is None
    assert "MODELCARDS_CHROMIUM" in find_chromium()[1]
    assert "apt-get install chromium" in find_chromium()[1]
    chrome = _executable(root / "bin" / "google-chrome")
    assert find_chromium() == (chrome, "google-chrome on PATH")
    chromium = _executable(root / "bin" / "chromium-browser")
    assert find_chromium()[0] == chromium


def test_chromium_from_the_environment_or_playwright(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from helpers import find_chromium

    root = _no_browsers(monkeypatch, tmp_path)
    own = _executable(root / "playwright" / "chromium-1187" / "chrome-linux" / "chrome")
    assert find_chromium() == (own, "Playwright's browsers")
    chosen = _executable(root / "elsewhere" / "my-chrome")
    monkeypatch.setenv("MODELCARDS_CHROMIUM", str(chosen))
    assert find_chromium() == (chosen, "$MODELCARDS_CHROMIUM")
    monkeypatch.setenv("MODELCARDS_CHROMIUM", str(root / "nothing"))
    missing, why = find_chromium()
    assert missing is None and "not a file" in why


# ---------------------------------------------------------------- import-markdown

ABOUT_SHEET = """\
# About this sheet

> -

**Organization:** -
**Released:** -
**Access:** -

---

## Technical Specifications

- **Type:** -
- **Parameters:** -
- **Training Tokens:** -
- **ALScore:** -

**Last Updated:** -
"""


def test_import_markdown_skips_an_information_page(tmp_path: Path) -> None:
    from sphinx_modelcards.importers.markdown import import_markdown, parse_model_card

    result = parse_model_card(ABOUT_SHEET)
    assert result.model is None and result.skip_reason is not None
    assert "every other field are '-'" in result.skip_reason
    source = tmp_path / "legacy" / "models" / "about"
    source.mkdir(parents=True)
    (source / "about-this-sheet.md").write_text(ABOUT_SHEET, encoding="utf-8")
    (source / "real.md").write_text(
        ABOUT_SHEET.replace("About this sheet", "Real One").replace(
            "**Organization:** -", "**Organization:** Acme Labs"
        ),
        encoding="utf-8",
    )
    summary = import_markdown([tmp_path / "legacy"], tmp_path / "data")
    assert [p.name for p in summary.imported] == ["real-one.yaml"]
    lines = summary.lines()
    assert any("about-this-sheet.md: skipped (not a model card:" in line for line in lines)
    labs = (tmp_path / "data" / "labs.yaml").read_text("utf-8")
    assert "name: '-'" not in labs and "id: '-'" not in labs


# ---------------------------------------------------------------- singlehtml


def test_singlehtml_links_only_to_what_the_page_holds(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    app = build(make_app, srcdir, "singlehtml")
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    # Sphinx's own toctree entries ("#document-x#section") are Sphinx's business.
    local = [
        target
        for toctree, target in re.findall(
            r'(<li class="toctree-l\d+">)?<a [^>]*href="#([^"]+)"', html
        )
        if not toctree
    ]
    assert local, "the single page links within itself"
    assert [target for target in local if target not in ids] == []
    assert "#document-catalog/models/" not in html
    # A model named in prose is still named, as plain text, when its profile is not here.
    assert "Acme Titan" in html_text(html)


# ---------------------------------------------------------------- previous / next links

_REL = re.compile(r'<link rel="(next|prev)" title="([^"]*)" href="([^"]*)"')


def _neighbours(outdir: Path) -> dict[str, list[tuple[str, str, str]]]:
    return {
        str(page.relative_to(outdir)): _REL.findall(page.read_text("utf-8"))
        for page in sorted(outdir.rglob("*.html"))
    }


def test_previous_next_links_follow_new_tags_and_renamed_labs(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    (srcdir / "prose.rst").write_text("Prose\n=====\n\nNo links to labs here.\n")
    incremental = tmp_path / "incremental"
    build(make_app, srcdir, builddir=incremental)
    pico = srcdir / "data" / "models" / "acme" / "acme-pico.yaml"
    pico.write_text(pico.read_text().replace("tags: [Small]", "tags: [Small, Aardvark]"))
    labs = srcdir / "data" / "labs.yaml"
    renamed = labs.read_text().replace("name: Borealis Labs", "name: Borealis Research")
    labs.write_text(renamed.replace("id: acme", "id: zeta"))
    for model in (srcdir / "data" / "models" / "acme").glob("*.yaml"):
        model.write_text(model.read_text().replace("lab: acme", "lab: zeta"))
    build(make_app, srcdir, builddir=incremental)
    build(make_app, srcdir, builddir=tmp_path / "fresh")
    after = _neighbours(incremental / "html")
    assert after == _neighbours(tmp_path / "fresh" / "html")
    # The pages next to the new tag and the renamed lab name them as they are now.
    assert ("next", "Aardvark", "aardvark.html") in after["catalog/tags/index.html"]
    assert ("prev", "Aardvark", "aardvark.html") in after["catalog/tags/open-weights.html"]
    assert ("next", "Borealis Research", "borealis.html") in after["catalog/labs/index.html"]


# ---------------------------------------------------------------- at a glance


def test_standing_ranks_by_alscore_and_best_benchmarks() -> None:
    from sphinx_modelcards.data.loading import Sources, load_catalog
    from sphinx_modelcards.data.standing import latest_date, standings

    catalog = load_catalog(Sources(data=(Path(__file__).parent / "roots/test-basic/data",)))
    places = standings(catalog)
    scored = sorted(
        ((d.alscore, i) for i, d in catalog.derived.items() if d.alscore is not None),
        reverse=True,
    )
    best, second = scored[0][1], scored[1][1]
    assert places[best].text().startswith(f"#1 of {len(scored)} by ALScore")
    assert places[second].text().startswith(f"#2 of {len(scored)} by ALScore")
    mmlu = sorted(
        (m.benchmarks["mmlu"], m.id)
        for m in catalog.models.values()
        if m.benchmarks.get("mmlu") is not None
    )
    top = mmlu[-1][1]
    share = next(s for s in (1, 5, 10, 25, 50) if 100 / len(mmlu) <= s)
    assert f"top {share}% on MMLU" in places[top].text()
    unscored = [i for i, d in catalog.derived.items() if d.alscore is None]
    assert unscored and "by ALScore" not in places[unscored[0]].text()
    assert latest_date(catalog) is not None


def test_profile_home_and_benchmarks_read_at_a_glance(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    app = build(make_app, srcdir)
    assert warnings_of(app) == []
    out = Path(app.outdir) / "catalog"
    titan = html_text((out / "models" / "acme-titan.html").read_text("utf-8"))
    assert re.search(r"At a glance: #1 of \d+ by ALScore, top \d+% on MMLU", titan)
    home = (out / "index.html").read_text("utf-8")
    tiles = re.findall(
        r'<p class="mc-tile-value">([^<]*)</p>\s*<p class="mc-tile-label">([^<]*)</p>', home
    )
    assert [label for _, label in tiles][:3] == ["Models", "Labs", "Last updated"]
    assert tiles[0][0] == "7" and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", tiles[2][0])
    assert home.index("mc-tiles") < home.index("toctree-wrapper")
    bench = (out / "benchmarks.html").read_text("utf-8")
    table = next(t for t in html_tables(bench) if t[0][:4] == ["Rank", "Model", "Lab", "MMLU"])
    scores = [float(row[3]) for row in table[1:]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 10
    assert [row[0] for row in table[1:]] == [str(i) for i in range(1, len(scores) + 1)]


def test_standing_follows_other_models_between_builds(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    build(make_app, srcdir)
    pico = srcdir / "data" / "models" / "acme" / "acme-pico.yaml"
    text = pico.read_text()
    text = text.replace("training_tokens_b: 2\n", "training_tokens_b: 2000000\n")
    pico.write_text(re.sub(r"parameters_b: [\d.]+", "parameters_b: 100000", text))
    app = build(make_app, srcdir)
    assert "catalog/models/acme-titan" in app.read_docs  # its rank changed
    titan = html_text((Path(app.outdir) / "catalog/models/acme-titan.html").read_text("utf-8"))
    assert "At a glance: #2 of" in titan


def test_a_score_below_a_benchmarks_top_ten_leaves_its_page_alone(
    make_app, rootdir, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root(rootdir / "test-basic", tmp_path / "basic")
    extra = srcdir / "data" / "models" / "many.yaml"
    extra.write_text(
        "".join(
            f"- id: filler-{i}\n  name: Filler {i}\n  lab: acme\n  benchmarks: {{gpqa: {50 + i}}}\n"
            for i in range(12)
        )
    )
    build(make_app, srcdir)
    pico = srcdir / "data" / "models" / "acme" / "acme-pico.yaml"
    pico.write_text(pico.read_text().replace("mmlu: 30.0", "mmlu: 30.0\n  gpqa: 1.0"))
    app = build(make_app, srcdir)
    assert "catalog/benchmarks" not in app.read_docs  # 1.0 is not among GPQA's best ten
    pico.write_text(pico.read_text().replace("gpqa: 1.0", "gpqa: 99.0"))
    app = build(make_app, srcdir)
    assert "catalog/benchmarks" in app.read_docs
    html = (Path(app.outdir) / "catalog" / "benchmarks.html").read_text("utf-8")
    gpqa = next(t for t in html_tables(html) if t[0][:4] == ["Rank", "Model", "Lab", "GPQA"])
    assert gpqa[1][:2] == ["1", "Acme Pico"] and len(gpqa) == 11
