"""History of values: as-of views, the History section, Recent changes, dates and version."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from sphinx_modelcards.cli import json_schema
from sphinx_modelcards.data import history
from sphinx_modelcards.data.loading import Sources, load_catalog

from conftest import warnings_of
from helpers import build, copy_root, html_files, html_tables, html_text

ROOT = Path(__file__).parent / "roots" / "test-history"


@pytest.fixture
def hist(tmp_path: Path) -> Path:
    """A writable copy of the history test root."""
    return copy_root(ROOT, tmp_path / "hist")


def _catalog(root: Path = ROOT):  # type: ignore[no-untyped-def]
    return load_catalog(Sources(data=(root / "data",)))


def _day(text: str) -> dt.date:
    return history.parse_day(text)


# Data layer -----------------------------------------------------------------------------------


def test_value_as_of_follows_the_entries() -> None:
    alpha = _catalog().models["alpha"]
    # before 2025-03-01 MMLU was unknown; 79.5 until 2025-08-01; 82.0 since
    assert history.value_as_of(alpha, "benchmarks.mmlu", _day("2025-02-28")) is None
    assert history.value_as_of(alpha, "benchmarks.mmlu", _day("2025-03-01")) == 79.5
    assert history.value_as_of(alpha, "benchmarks.mmlu", _day("2025-07-31")) == 79.5
    assert history.value_as_of(alpha, "benchmarks.mmlu", _day("2025-08-01")) == 82.0
    assert history.value_as_of(alpha, "parameters_b", _day("2025-04-09")) == 65
    assert history.value_as_of(alpha, "parameters_b", _day("2025-04-10")) == 70


def test_provenance_as_of_without_history_starts_a_value() -> None:
    beta = _catalog().models["beta"]
    assert history.value_as_of(beta, "training_tokens_b", _day("2025-08-31")) is None
    assert history.value_as_of(beta, "training_tokens_b", _day("2025-09-01")) == 15000


def test_catalog_as_of_keeps_released_models_with_their_values_then() -> None:
    catalog = _catalog()
    view = history.catalog_as_of(catalog, _day("2025-06"))
    assert sorted(view.models) == ["alpha", "beta", "delta"]  # gamma: Sep 2025
    assert view.models["alpha"].benchmarks == {"mmlu": 79.5}
    assert view.models["beta"].training_tokens_b is None
    assert view.derived["beta"].alscore is None  # derived figures follow the old values
    assert [h.date.isoformat() for h in view.models["alpha"].history] == [
        "2025-03-01",
        "2025-04-10",
    ]
    assert "training_tokens_b" not in view.models["beta"].provenance
    assert view.models["delta"] is catalog.models["delta"]  # unchanged models are shared
    assert history.catalog_as_of(catalog, _day("2025-06")) is view  # cached


def test_parse_day() -> None:
    assert history.parse_day("2025-06") == dt.date(2025, 6, 30)
    assert history.parse_day("2024-02") == dt.date(2024, 2, 29)
    assert history.parse_day("2025-12") == dt.date(2025, 12, 31)
    assert history.parse_day(" 2025-06-15 ") == dt.date(2025, 6, 15)
    for bad in ("June", "2025-13", "2025-06-31", ""):
        with pytest.raises(ValueError):
            history.parse_day(bad)


def test_changes_newest_first_and_recent_changes() -> None:
    catalog = _catalog()
    found = history.changes(catalog.models["alpha"])
    assert [(c.date.isoformat(), c.field, c.old, c.new) for c in found] == [
        ("2025-08-01", "benchmarks.mmlu", 79.5, 82.0),
        ("2025-04-10", "parameters_b", 65, 70.0),
        ("2025-03-01", "benchmarks.mmlu", None, 79.5),
    ]
    recent = history.recent_changes(catalog, 2)
    assert [(c.model_id, c.date.isoformat()) for c in recent] == [
        ("alpha", "2025-08-01"),
        ("beta", "2025-05-20"),
    ]
    assert history.last_updated(catalog) == dt.date(2025, 9, 1)


BAD_HISTORY = """\
id: bad
name: Bad
lab: lab-a
released: 2025-01
parameters_b: 10
benchmarks:
  mmlu: 50
history:
  - date: 2025-05-01
    field: benchmarks.mmlu
    old: 40
  - date: 2025-02-01
    field: parameters_b
    old: 9
  - date: 2999-01-01
    field: benchmarks.mmlu
    old: 45
  - date: 2025-01-01
    field: benchmarks.mmmu
    old: 3
  - date: 2025-01-01
    field: parameters_b
    old: "ten"
  - date: soon
    field: parameters_b
    old: 3
"""


def test_bad_history_warns_at_its_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_HISTORY)
    catalog = load_catalog(Sources(data=(path,)))
    found = sorted((p.line, p.subtype, p.message) for p in catalog.problems)
    lines = [(line, subtype) for line, subtype, _ in found]
    assert lines == [(12, "history"), (15, "history"), (19, "history"), (23, "history"),
                     (24, "schema")]  # fmt: skip
    messages = " | ".join(message for _, _, message in found)
    assert "write entries oldest first" in messages
    assert "2999-01-01 is in the future" in messages
    assert "'benchmarks.mmmu' is not a value of this model (did you mean 'benchmarks.mmlu'?)" in (
        messages
    )
    assert "old value 'ten' does not fit parameters_b" in messages
    model = catalog.models["bad"]  # the model stays, with its usable entries in date order
    assert [(h.date.isoformat(), h.field) for h in model.history] == [
        ("2025-02-01", "parameters_b"),
        ("2025-05-01", "benchmarks.mmlu"),
        ("2999-01-01", "benchmarks.mmlu"),
    ]


def test_json_schema_carries_history() -> None:
    schema = json_schema("model")
    text = json.dumps(schema)
    assert '"history"' in text
    assert "HistoryEntry" in text


# Pages ----------------------------------------------------------------------------------------


def _tables(out: Path, page: str) -> list[list[list[str]]]:
    return html_tables((out / page).read_text())


def test_as_of_leaderboards_in_rst_and_myst(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, hist)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    then, strong, now = _tables(out, "index.html")
    assert then == [
        ["Model", "MMLU", "Params", "Tokens"],
        ["Beta", "85.0", "30B", "-"],
        ["Alpha", "79.5", "70B", "14T"],
        ["Delta", "70.0", "8B", "8T"],
    ]
    assert strong == [["Model", "MMLU"], ["Beta", "85.0"], ["Alpha", "79.5"]]  # filter on then
    assert now == [
        ["Model", "MMLU"],
        ["Gamma", "90.0"],
        ["Beta", "85.0"],
        ["Alpha", "82.0"],
        ["Delta", "70.0"],
    ]
    captions = re.findall(
        r'<span class="caption-text">(.*?)</span>', (out / "index.html").read_text()
    )
    assert captions == ["As of June 2025", "Strong models, as of June 2025"]
    myst = out / "myst.html"
    assert _tables(out, "myst.html")[0] == [
        ["Model", "MMLU", "Params"],
        ["Delta", "70.0", "8B"],
        ["Alpha", "-", "65B"],
    ]
    assert "As of 15 February 2025" in myst.read_text()


def test_history_section_and_recent_changes(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, hist)
    out = Path(app.outdir)
    profile = (out / "catalog/models/alpha.html").read_text()
    section = profile[profile.index('id="mc-model-alpha-history"') :]
    section = section[: section.index("</section>")]
    text = html_text(section)
    assert text.index("2025-08-01") < text.index("2025-04-10") < text.index("2025-03-01")
    assert "MMLU: 79.5 → 82.0 — Corrected after a re-run. (Alpha errata, August 2025)" in text
    assert "MMLU: unknown → 79.5" in text
    assert "&lt;b&gt;*our*&lt;/b&gt;" in section  # escaped, never markup
    assert '<a class="mc-link external reference" href="https://example.org/alpha-report">' in (
        section
    )
    assert 'id="mc-model-delta-history"' not in (out / "catalog/models/delta.html").read_text()
    changes = (out / "catalog/changes.html").read_text()
    items = re.findall(r'<span class="mc-history-date">([^<]+)</span>', changes)
    assert items == ["2025-08-01", "2025-05-20", "2025-04-10"]  # modelcards_recent_changes = 3
    assert 'href="models/alpha.html#mc-model-alpha"' in changes
    assert 'href="models/beta.html#mc-model-beta"' in changes
    assert "changes" in (hist / "catalog/index.rst").read_text()


def test_history_in_german(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    """Heading, field names, values and words in the build's language."""
    app = build(make_app, hist, confoverrides={"language": "de"})
    profile = (Path(app.outdir) / "catalog/models/alpha.html").read_text()
    section = profile[profile.index('id="mc-model-alpha-history"') :]
    text = html_text(section[: section.index("</section>")])
    assert "Verlauf" in text
    assert "MMLU: 79,5 → 82,0" in text  # German decimal comma
    assert "MMLU: unbekannt → 79,5" in text


def test_last_updated_and_data_version(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def probe(app):  # type: ignore[no-untyped-def]
        def record(_app, pagename, _t, context, _d):  # type: ignore[no-untyped-def]
            if pagename == "index":
                seen["last"] = context.get("modelcards_last_updated")
                seen["version"] = context.get("modelcards_data_version")

        app.connect("html-page-context", record, priority=900)

    app = build(make_app, hist, prepare=probe)
    out = Path(app.outdir)
    assert seen == {"last": "2025-09-01", "version": "2025.09-r2"}
    data = json.loads((out / "modelcards.json").read_text())
    assert data["last_updated"] == "2025-09-01"
    assert data["data_version"] == "2025.09-r2"
    alpha = next(m for m in data["models"] if m["id"] == "alpha")
    assert alpha["history"][0] == {
        "date": "2025-03-01",
        "field": "benchmarks.mmlu",
        "old": None,
        "note": "First reported in the model card.",
    }
    home = html_text((out / "catalog/index.html").read_text())
    assert "Sep 2025 Last updated" in home
    assert "2025.09-r2 Data version" in home


def test_site_wide_as_of_applies_everywhere(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, hist, confoverrides={"modelcards_as_of": "2025-06"})
    assert warnings_of(app) == []
    out = Path(app.outdir)
    *_, now = _tables(out, "index.html")
    assert now == [["Model", "MMLU"], ["Beta", "85.0"], ["Alpha", "79.5"], ["Delta", "70.0"]]
    captions = re.findall(
        r'<span class="caption-text">(.*?)</span>', (out / "index.html").read_text()
    )
    assert captions[-1] == "As of June 2025"
    # the directive's own date wins over the site's
    assert _tables(out, "myst.html")[0][1:] == [["Delta", "70.0", "8B"], ["Alpha", "-", "65B"]]
    assert not (out / "catalog/models/gamma.html").exists()
    profile = html_text((out / "catalog/models/alpha.html").read_text())
    assert "2025-08-01" not in profile
    assert "79.5" in profile
    data = json.loads((out / "modelcards.json").read_text())
    assert [m["id"] for m in data["models"]] == ["alpha", "beta", "delta"]
    assert data["last_updated"] == "2025-05-20"


def test_bad_as_of_warns_at_the_option_line(make_app, hist) -> None:  # type: ignore[no-untyped-def]
    (hist / "myst.md").write_text(
        "# MyST page\n\n```{leaderboard}\n:columns: name, mmlu\n:as-of: last June\n```\n"
    )
    page = hist / "index.rst"
    page.write_text(
        page.read_text().replace(
            ":as-of: 2025-06\n   :name: then\n", ":as-of: 2025-6x\n   :name: then\n"
        )
    )
    app = build(make_app, hist, confoverrides={"modelcards_as_of": "soon"})
    warnings = warnings_of(app)
    assert any(
        "index.rst:12: WARNING: leaderboard: bad :as-of: expected YYYY-MM or YYYY-MM-DD, "
        "got '2025-6x'" in w
        for w in warnings
    ), warnings
    assert any("myst.md:5: WARNING: leaderboard: bad :as-of:" in w for w in warnings), warnings
    assert any(
        "modelcards_as_of: expected YYYY-MM or YYYY-MM-DD, got 'soon'" in w for w in warnings
    )
    assert all("[modelcards." in w for w in warnings), warnings
    # the table is still there, with today's values
    assert _tables(Path(app.outdir), "index.html")[0][1] == ["Gamma", "90.0", "120B", "20T"]


def _fresh_copy_matches(make_app, srcdir: Path, out: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh_src = tmp_path / "fresh"
    shutil.rmtree(fresh_src, ignore_errors=True)
    shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    assert html_files(Path(fresh.outdir)) == html_files(out)


def test_history_edit_rereads_only_what_shows_it(make_app, hist, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, hist)
    path = hist / "data/models/beta.yaml"
    path.write_text(path.read_text().replace("old: 84.0", "old: 83.0"))
    app = build(make_app, hist)
    # the profile, the Recent changes page and the as-of tables; not the lab, tag or
    # index pages, whose tables show today's values only
    assert app.read_docs == ["catalog/changes", "catalog/models/beta", "index", "myst"]
    assert "84.0" not in (Path(app.outdir) / "catalog/changes.html").read_text()
    assert "MMLU: 83.0 → 85.0" in html_text((Path(app.outdir) / "catalog/changes.html").read_text())
    _fresh_copy_matches(make_app, hist, Path(app.outdir), tmp_path)


def test_history_note_edit_leaves_as_of_tables_alone_only_if_values_stay(
    make_app, hist, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    build(make_app, hist)
    path = hist / "data/models/alpha.yaml"
    path.write_text(path.read_text().replace("Corrected after a re-run.", "Corrected (re-run)."))
    app = build(make_app, hist)
    assert "catalog/models/alpha" in app.read_docs
    assert "catalog/changes" in app.read_docs
    assert "catalog/labs/lab-a" not in app.read_docs
    assert "catalog/models/beta" not in app.read_docs
    _fresh_copy_matches(make_app, hist, Path(app.outdir), tmp_path)


def test_parallel_build_in_german_equals_serial(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """History, as-of tables and translations come out the same from ``-j 2``."""
    pages = ("index", "myst", "catalog/changes", "catalog/models/alpha", "catalog/index")
    built = []
    for jobs in (1, 2):
        root = copy_root(ROOT, tmp_path / f"j{jobs}")
        app = build(make_app, root, parallel=jobs, confoverrides={"language": "de"})
        built.append({p: (Path(app.outdir) / f"{p}.html").read_text() for p in pages})
    serial, parallel = built
    assert "Verlauf" in serial["catalog/models/alpha"]
    for page in pages:
        assert parallel[page] == serial[page], page
