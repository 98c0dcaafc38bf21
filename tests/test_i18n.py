"""Labels in the reader's language: the catalogs, German and Chinese builds, overrides."""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from docutils import nodes

from helpers import build

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "sphinx_modelcards" / "locale"
LANGUAGES = ("de", "es", "fr", "ja", "zh_CN")


def _catalog(language: str) -> dict[str, str]:
    with (LOCALE / language / "LC_MESSAGES" / "sphinx_modelcards.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def _template() -> list[str]:
    with (LOCALE / "sphinx_modelcards.pot").open("rb") as handle:
        return [m.id for m in read_po(handle) if m.id]


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalog = _catalog(language)
    template = _template()
    assert len(template) > 200
    for msgid in template:
        assert catalog.get(msgid), f"{language}: no translation of {msgid!r}"
        assert _fields(catalog[msgid]) == _fields(msgid), f"{language}: {msgid!r}"


def test_catalog_files_are_up_to_date() -> None:
    """The .pot matches the code, each .po the .pot, each .mo its .po."""
    spec = importlib.util.spec_from_file_location(
        "update_catalogs", REPO / "tools/update_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    stale = [str(p) for p, content in tool.planned().items() if p.read_bytes() != content]
    assert stale == [], "run python tools/update_catalogs.py"


# --- builds in another language ---------------------------------------------------------------


def _english_left(language: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """English messages whose translation differs: exact texts and templates."""
    translated = {k: v for k, v in _catalog(language).items() if v != k}
    exact = {k.strip() for k in translated if not _fields(k)}
    patterns = []
    for msgid in translated:
        if _fields(msgid):
            parts = re.split(r"\{\w+\}", msgid.strip())
            patterns.append(re.compile("^" + "(.+?)".join(map(re.escape, parts)) + "$"))
    return exact, patterns


def _ours(node: nodes.Node, docname: str) -> bool:
    if docname.startswith("catalog/"):
        return True
    parent = node.parent
    while parent is not None:
        if any(c.startswith("mc-") for c in parent.get("classes", [])):
            return True
        parent = parent.parent
    return False


def _collect_generated_texts(app, out: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Record (docname, text) of every text node the extension wrote, as each page is
    written (post-transforms applied, in the build's language)."""

    def collect(_app, doctree: nodes.document, docname: str) -> None:  # type: ignore[no-untyped-def]
        out.extend(
            (docname, node.astext().strip(" :·"))
            for node in doctree.findall(nodes.Text)
            if not isinstance(node.parent, nodes.raw) and _ours(node, docname)
        )

    app.connect("doctree-resolved", collect)


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_no_english_label_is_left(make_app, basic: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    texts: list[tuple[str, str]] = []
    app = build(
        make_app,
        basic,
        confoverrides={"language": language},
        prepare=lambda app: _collect_generated_texts(app, texts),
    )
    exact, patterns = _english_left(language)
    assert len(texts) > 500
    left = [
        (doc, text) for doc, text in texts if text in exact or any(p.match(text) for p in patterns)
    ]
    assert left == []
    html = (app.outdir / "catalog/models/acme-titan.html").read_text("utf8")
    expected = {"de": ("Technische Daten", "März 2025"), "zh_CN": ("技术规格", "2025年3月")}
    for text in expected[language]:
        assert text in html


def test_german_numbers_and_chart_captions(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, confoverrides={"language": "de"})
    html = (app.outdir / "catalog/models/acme-titan.html").read_text("utf8")
    assert "1.200B Parametern" in html  # German separators, the "B" kept
    assert "Benchmark-Ergebnisse von Acme Titan" in html
    assert "Parameters and training tokens" not in html
    index = (app.outdir / "catalog/index.html").read_text("utf8")
    releases = index[index.index('class="mc-chart mc-chart-histogram') :]
    releases = releases[: releases.index("</svg>")]
    assert re.search(r"<title>[^<]*: 1 Modell</title>", releases)  # a bar's hover
    assert ">Modelle</text>" in releases  # the count axis
    assert "models" not in releases


def test_browser_strings_are_in_the_page(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, confoverrides={"language": "de"})
    html = (app.outdir / "catalog/all-models.html").read_text("utf8")
    match = re.search(r'<script id="mc-strings" type="application/json">(.*?)</script>', html)
    assert match, "no strings block"
    assert '"Filter rows":"Zeilen filtern"' in match.group(1)
    assert '"months":["jan."' in match.group(1)
    assert 'src="../_static/modelcards.js' in html  # deferred: runs after the JSON is parsed


def test_english_pages_carry_no_strings_block(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic)
    html = (app.outdir / "catalog/all-models.html").read_text("utf8")
    assert "mc-strings" not in html
    assert ">Released<" in html


def test_unknown_language_falls_back_to_english(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, confoverrides={"language": "xx"})
    html = (app.outdir / "catalog/models/acme-titan.html").read_text("utf8")
    assert "Technical specifications" in html
    assert "Traceback" not in app.warning.getvalue()


def test_a_projects_locale_dirs_override_the_shipped_catalog(  # type: ignore[no-untyped-def]
    make_app, basic: Path
) -> None:
    folder = basic / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "sphinx_modelcards.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Technical specifications"\nmsgstr "Eckdaten"\n',
        encoding="utf8",
    )
    app = build(make_app, basic, confoverrides={"language": "de", "locale_dirs": ["locale"]})
    html = (app.outdir / "catalog/models/acme-titan.html").read_text("utf8")
    assert "Eckdaten" in html  # the project's translation wins
    assert "Technische Daten" not in html
    assert "Trainingseffizienz" in html  # the rest still comes from the shipped catalog


def test_gettext_extracts_the_generated_labels(make_app, basic: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, basic, "gettext")
    pot = (app.outdir / "catalog.pot").read_text("utf8")
    for msgid in ("Benchmarks", "Technical specifications", "Overview", "Acme Titan", "Released"):
        assert f'msgid "{msgid}"' in pot
