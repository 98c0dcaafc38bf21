"""Hostile data and options: markup and script in every text field never reach the HTML as markup.

A catalog whose every text field carries HTML, script, reST, MyST and template
payloads is built into HTML; every page is parsed with :mod:`html.parser` and must
hold the payloads as text only: no script of ours or theirs beyond the known static
files, no ``on*`` attribute, no link or source that is not http(s) or relative, no
evaluated template. Ids cannot leave the output folder; filters cannot reach Python.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from defusedxml import ElementTree
from sphinx.testing.util import SphinxTestApp

from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.data.schema import Model, slugify

from conftest import warnings_of

MakeApp = Callable[..., Any]

# Payloads ---------------------------------------------------------------------------------------

#: 7 * 191: a number that appears nowhere else, so its presence means evaluation.
EVALUATED = "1337"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "`x <javascript:alert(1)>`_",
    "[x](javascript:alert(1))",
    "{raw}`html <b onmouseover=alert(1)>x</b>`",
    ":raw-html:`<i onclick=alert(1)>x</i>`",
    "{{ 7*191 }}",
    "${7*191}",
    "{% if 1 %}7*191{% endif %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=//evil.example></iframe>",
    "|subst| :ref:`genindex` **bold** \\ `",
)
#: Block payloads for prose fields (notes, descriptions).
BLOCKS = (
    ".. raw:: html\n\n   <script>alert(2)</script>",
    "```{raw} html\n<script>alert(3)</script>\n```",
    ".. include:: /etc/passwd",
    "<style>body{display:none}</style>",
)


def payload(index: int) -> str:
    return f"P{index} {PAYLOADS[index % len(PAYLOADS)]}"


def prose(index: int) -> str:
    return "\n\n".join([payload(index), *BLOCKS, payload(index + 1)])


def hostile_catalog() -> dict[str, list[dict[str, Any]]]:
    """Three labs, an architecture, a benchmark, tags and models, all text hostile."""
    models = [
        {
            "id": f"hostile-{number}",
            "name": payload(number),
            "summary": payload(number + 1),
            "lab": f"lab-{number % 3}",
            "released": f"2024-{number % 12 + 1:02d}",
            "access": "public",
            "architecture": "evil-arch" if number % 2 else "dense",
            "parameters_b": 1 + number,
            "active_parameters_b": 0.5,
            "training_tokens_b": 100 * (number + 1),
            "context_window": 4096,
            "dataset_types": [payload(number + 2)],
            "benchmarks": {"mmlu": 40 + number, "evil-bench": 50 + number},
            "tags": [payload(number + 3), "Plain"],
            "notes": prose(number),
            "links": [
                {"kind": "paper", "url": "https://example.org/p", "title": payload(number + 4)},
                {"kind": "weights", "url": "docs/page.html#x", "title": payload(number + 5)},
            ],
            "license": payload(number + 6),
            "base_model": payload(number + 7),
        }
        for number in range(len(PAYLOADS))
    ]
    labs = [
        {
            "id": f"lab-{i}",
            "name": payload(i + 8),
            "url": "https://example.org/",
            "country": payload(i + 9),
            "description": prose(i + 10),
        }
        for i in range(3)
    ]
    architectures = [{"id": "evil-arch", "name": payload(11), "description": prose(12)}]
    benchmarks = [
        {
            "id": "evil-bench",
            "name": payload(13),
            "description": prose(0),
            "url": "https://example.org/bench",
            "bands": [{"min": 0, "text": payload(1)}, {"min": 50, "text": payload(2)}],
        }
    ]
    return {
        "models": models,
        "labs": labs,
        "architectures": architectures,
        "benchmarks": benchmarks,
    }


#: Options of directives written by authors, also hostile.
CAPTION = "<script>alert(4)</script> {{ 7*191 }}"
INDEX = f"""\
Hostile
=======

.. toctree::

   catalog/index
   boards
   myst

.. leaderboard::
   :columns: rank, name, lab, summary, tags, license, base_model, dataset_types, evil-bench
   :caption: {CAPTION}
   :name: "><script>alert(5)</script>

.. leaderboard::
   :group-by: tags
   :caption: {CAPTION}

.. modelcard:: hostile-1

.. modelchart:: params-tokens
   :title: {CAPTION}
   :caption: {CAPTION}

.. modelchart:: benchmarks
   :model: hostile-2
   :title: {CAPTION}
"""
MYST = f"""\
# MyST

```{{leaderboard}}
:columns: name, lab, tags
:caption: {CAPTION}
```

```{{modelcard}} hostile-3
:no-index:
```
"""

#: Filters that try to reach Python, or are simply too big.
FILTERS = (
    "__import__('os').system('touch pwned')",
    "name.__class__.__mro__",
    "name.upper()",
    "lambda: 1",
    "[x for x in tags]",
    "{x: 1 for x in tags}",
    "gpqa if gpqa else 0",
    "open('/etc/passwd')",
    "__builtins__",
    "().__class__",
    "name[0]",
    "eval('1')",
    "mmlu > 50; import os",
    "mmlu + 1 > 2",
    "<script>alert(6)</script>",
    "{{ 7*191 }}",
    "(" * 200 + "mmlu > 1" + ")" * 200,
    "not " * 100 + "mmlu > 1",
    " or ".join(["mmlu > 1"] * 400),
    "mmlu > 1 and " * 200 + "mmlu > 1",
    "name == '" + "x" * 3000 + "'",
)
FILTER_PAGE_HEAD = "Boards\n======\n\n"


def filter_page() -> tuple[str, list[int]]:
    """A page with one leaderboard per hostile filter, and the line of each ``:filter:``."""
    lines = FILTER_PAGE_HEAD.splitlines()
    starts = []
    for text in FILTERS:
        starts.append(len(lines) + 3)
        lines += [".. leaderboard::", "   :columns: name, mmlu", f"   :filter: {text}", ""]
    return "\n".join(lines) + "\n", starts


# The project ------------------------------------------------------------------------------------

CONF = """\
extensions = ["sphinx_modelcards", "myst_parser"]
modelcards_data = "data"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
"""


def write_project(srcdir: Path) -> Path:
    data = srcdir / "data"
    data.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    (srcdir / "myst.md").write_text(MYST, encoding="utf-8")
    boards, _ = filter_page()
    (srcdir / "boards.rst").write_text(boards, encoding="utf-8")
    catalog = hostile_catalog()
    (data / "catalog.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    (data / "catalog-copy.json").write_text(
        json.dumps({"models": [dict(catalog["models"][0], id="hostile-json")]}, indent=1),
        encoding="utf-8",
    )
    # A javascript: link is refused with a warning; the model stays, without it.
    (data / "bad-link.yaml").write_text(
        "id: bad-link\nname: Bad link\nlab: lab-0\nlinks:\n  - url: javascript:alert(1)\n",
        encoding="utf-8",
    )
    return data


# Inspecting HTML --------------------------------------------------------------------------------


@dataclass
class Page:
    """What an HTML page holds: elements with attributes, scripts and text."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.page.elements.append((tag, attributes))
        if tag == "script":
            self._script, self._script_text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.page.text.append(data)


def parse_page(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")
STATIC_SCRIPTS = re.compile(
    r"^(?:\.\./)*(?:_static/[\w./-]+\.js(?:\?v=[0-9a-f]+)?|searchindex\.js)$"
)
SEARCH_FORM = re.compile(r"(?:(?:\.\./)*search\.html)?")
#: Elements that data must never create (Sphinx's basic theme uses none of them).
FORBIDDEN = {"iframe", "object", "embed", "img", "style", "base", "frame", "applet"}


def check_url(url: str) -> str | None:
    """Why a URL in the output is not acceptable, or None."""
    value = url.strip()
    scheme = urlsplit(value).scheme.lower()
    if (
        re.sub(r"[\s\x00-\x1f]", "", value)
        .lower()
        .startswith(("javascript:", "vbscript:", "data:"))
    ):
        return "script URL"
    if scheme not in ("", "http", "https"):
        return f"scheme {scheme!r}"
    if value.startswith("//"):
        return "protocol-relative URL"
    return None


def hostile_findings(page: Page) -> list[str]:
    """Everything on the page that data could have injected as markup."""
    found = []
    for tag, attributes in page.elements:
        if tag in FORBIDDEN:
            found.append(f"<{tag}> element")
        if tag == "form" and not SEARCH_FORM.fullmatch(attributes.get("action", "")):
            found.append("<form> other than the search box")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES and (why := check_url(value)):
                found.append(f"{why} in {name}={value!r} on <{tag}>")
            if name == "style" and "expression(" in value:
                found.append("CSS expression")
    for attributes, body in page.scripts:
        source = attributes.get("src")
        if attributes.get("type") == "application/json":
            # A data island: never run; it must parse and hold no markup.
            if "<" in body:
                found.append(f"markup in a JSON island: {body[:60]!r}")
            json.loads(body)
        elif source is None:
            if "alert(" in body or EVALUATED in body:
                found.append(f"inline script from data: {body[:60]!r}")
        elif not STATIC_SCRIPTS.match(source):
            found.append(f"script {source!r}")
    return found


#: Sphinx's smart quotes turn the ASCII quotes and dashes of any text into typographic ones.
_TYPOGRAPHIC = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "--", "\u2014": "---"}
)


def page_text(page: Page) -> str:
    return "".join(page.text).translate(_TYPOGRAPHIC)


def html_pages(outdir: Path) -> Iterator[Path]:
    yield from sorted(outdir.rglob("*.html"))


# The build --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """What a finished build left: its folders and its output streams."""

    srcdir: Path
    outdir: Path
    status: str
    warnings: list[str]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build for the whole module; the application is cleaned up right away, so that
    other tests can start their own."""
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    write_project(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        return Build(
            srcdir,
            Path(app.outdir),
            app.status.getvalue() + app.warning.getvalue(),
            warnings_of(app),
        )
    finally:
        app.cleanup()


def test_hostile_catalog_is_valid_data() -> None:
    """The payloads are ordinary text: the schema accepts them (escaping is the writer's job)."""
    catalog = hostile_catalog()
    for model in catalog["models"]:
        Model.model_validate(model)


def test_every_page_holds_data_as_text_only(hostile_build: Build) -> None:
    outdir = hostile_build.outdir
    pages = list(html_pages(outdir))
    assert len(pages) > 20
    problems = {str(p.relative_to(outdir)): hostile_findings(parse_page(p)) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_payloads_are_shown_as_text(hostile_build: Build) -> None:
    """The payloads are not dropped either: they appear, as text, where the data is shown."""
    outdir = hostile_build.outdir
    profile = parse_page(outdir / "catalog" / "models" / "hostile-0.html")
    text = page_text(profile)
    for index in range(8):
        assert payload(index) in text, payload(index)
    assert ".. raw:: html" in text
    assert "<script>alert(2)</script>" in text
    assert "&lt;script&gt;" in page_text(
        parse_page(outdir / "catalog" / "models" / "hostile-10.html")
    )


def test_templates_are_never_evaluated(hostile_build: Build) -> None:
    outdir = hostile_build.outdir
    for page in html_pages(outdir):
        content = page.read_text(encoding="utf-8")
        assert EVALUATED not in content, page
    index = page_text(parse_page(outdir / "index.html"))
    assert "{{ 7*191 }}" in index
    assert "${7*191}" in index


def test_svg_charts_hold_no_markup_from_data(hostile_build: Build) -> None:
    """Charts are inline SVG (checked with the pages) or files: parse those as XML."""
    outdir = hostile_build.outdir
    for svg in sorted(outdir.rglob("*.svg")):
        root = ElementTree.parse(svg).getroot()
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in {"script", "foreignObject", "iframe"}, svg
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1]
                assert not local.startswith("on"), (svg, name)
                if local == "href":
                    assert check_url(value) is None, (svg, value)


def test_published_data_is_escaped(hostile_build: Build) -> None:
    """``modelcards.json`` holds the payloads as JSON strings."""
    published = hostile_build.outdir / "modelcards.json"
    data = json.loads(published.read_text(encoding="utf-8"))
    assert payload(0) in json.dumps(data, ensure_ascii=False)


def test_warnings_are_the_expected_ones(hostile_build: Build) -> None:
    srcdir, warnings = hostile_build.srcdir, hostile_build.warnings
    data = (srcdir / "data").resolve()
    link = f"{data / 'bad-link.yaml'}:5: WARNING: model 'bad-link': links[0].url: "
    refused = [w for w in warnings if w.startswith(link)]
    assert len(refused) == 1
    assert "only http(s) and relative links are allowed (got 'javascript:alert(1)')" in refused[0]
    assert refused[0].endswith("[modelcards.schema]")
    # Besides that link, only the hostile filters warn (see below).
    others = [
        w for w in warnings if w not in refused and ": WARNING: leaderboard: bad filter: " not in w
    ]
    assert others == []
    profile = hostile_build.outdir / "catalog" / "models" / "bad-link.html"
    assert "mc-section-resources" not in profile.read_text(encoding="utf-8")  # its only link
    assert (hostile_build.outdir / "catalog" / "models" / "hostile-json.html").exists()
    assert "Traceback" not in hostile_build.status


def test_filters_cannot_reach_python(hostile_build: Build) -> None:
    """Each hostile filter warns at its directive and leaves an empty table with a note."""
    srcdir, warnings = hostile_build.srcdir, hostile_build.warnings
    _, filter_lines = filter_page()
    boards = f"{srcdir / 'boards.rst'}"
    filter_warnings = [w for w in warnings if "bad filter" in w]
    assert len(filter_warnings) == len(FILTERS), filter_warnings
    for line in filter_lines:
        assert any(
            w.startswith(f"{boards}:{line}: WARNING: leaderboard: bad filter:") for w in warnings
        ), line
    assert not (srcdir / "pwned").exists()
    assert not Path("pwned").exists()
    page = (hostile_build.outdir / "boards.html").read_text(encoding="utf-8")
    assert page.count("No rows: the filter is invalid") == len(FILTERS)
    tables = re.findall(r"<table[^>]*mc-leaderboard[^>]*>.*?</table>", page, flags=re.S)
    assert len(tables) == len(FILTERS)
    for table in tables:
        assert "mc-empty" in table
        assert "<tbody>" not in table or re.search(r"<tbody>\s*</tbody>", table), table[:300]


# Ids and file names -----------------------------------------------------------------------------


def test_output_stays_inside_the_output_folder(hostile_build: Build) -> None:
    srcdir, outdir = hostile_build.srcdir, hostile_build.outdir.resolve()
    for path in outdir.rglob("*"):
        assert path.resolve().is_relative_to(outdir), path
    generated = (srcdir / "catalog").resolve()
    for path in generated.rglob("*"):
        assert path.resolve().is_relative_to(generated), path
        assert re.fullmatch(r"[a-z0-9._/-]+", str(path.relative_to(generated))), path
    tag_pages = {p.stem for p in (generated / "tags").glob("*.rst")} - {"index"}
    assert tag_pages == {slugify(payload(n + 3)) for n in range(len(PAYLOADS))} | {"plain"}


@pytest.mark.parametrize(
    "bad_id",
    [
        "../outside",
        "..",
        "a/../../b",
        "/etc/passwd",
        "C:\\Windows",
        "models/../../x",
        ".hidden",
        "a..b",
        "UPPER",
        "ünïcode",
        "with space",
        "tab\tid",
        "new\nline",
        "nul\x00",
        "x" * 121,
        "",
        "-dash",
        "_underscore",
        "%2e%2e",
        "a%2fb",
    ],
)
def test_ids_that_are_not_slugs_are_refused(bad_id: str, tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"id": bad_id, "name": "X", "lab": "acme"}), encoding="utf-8")
    catalog = load_catalog(Sources(data=(data,)))
    assert catalog.models == {}
    assert [p.subtype for p in catalog.problems] == ["schema"]
    assert "id:" in catalog.problems[0].message


def test_ids_differing_in_case_cannot_both_exist(tmp_path: Path) -> None:
    """Ids are lowercase, so two ids can never collide on a case-insensitive file system."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text("id: model-a\nname: A\nlab: acme\n", encoding="utf-8")
    (data / "b.yaml").write_text("id: Model-A\nname: B\nlab: acme\n", encoding="utf-8")
    catalog = load_catalog(Sources(data=(data,)))
    assert list(catalog.models) == ["model-a"]
    assert "did you mean 'model-a'?" in catalog.problems[0].message


def test_tags_that_slug_to_the_same_id_share_a_page(tmp_path: Path) -> None:
    """``Open weights`` and ``open-weights`` are one tag; ``C++`` and ``C#`` collide: a warning."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(
        "id: a\nname: A\nlab: acme\ntags: [Open weights, C++]\n", encoding="utf-8"
    )
    (data / "b.yaml").write_text(
        "id: b\nname: B\nlab: acme\ntags: [open-weights, OPEN WEIGHTS, 'C#']\n", encoding="utf-8"
    )
    catalog = load_catalog(Sources(data=(data,)))
    assert set(catalog.tags) == {"open-weights", "c"}
    assert [m.id for m in catalog.models_where("tag", "open-weights")] == ["a", "b"]
    problems = [(p.path, p.line, p.subtype, p.message) for p in catalog.problems]
    assert problems == [
        (
            str(data / "b.yaml"),
            4,
            "duplicate",
            f"model 'b': tags[2]: tag 'C#' has the same id 'c' as tag 'C++' "
            f"({data / 'a.yaml'}:4); they share one tag page",
        )
    ]


def test_an_entry_called_index_does_not_clobber_the_listing(
    tmp_path: Path, make_app: MakeApp
) -> None:
    srcdir = tmp_path / "src"
    data = srcdir / "data"
    data.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "Index\n=====\n\n.. toctree::\n\n   catalog/index\n", encoding="utf-8"
    )
    (data / "m.yaml").write_text(
        "- id: a\n  name: A\n  lab: index\n  tags: [Index]\n- id: b\n  name: B\n  lab: other\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    listing = (Path(app.outdir) / "catalog" / "labs" / "index.html").read_text(encoding="utf-8")
    assert "labs/other.html" in listing or "other.html" in listing
    assert warnings_of(app) == []


def test_html_escape_helpers_agree() -> None:
    """The checker itself: an injected attribute is found, escaped text is not."""
    injected = Page(elements=[("img", {"src": "x", "onerror": "alert(1)"})])
    assert hostile_findings(injected)
    collector = _Collector()
    collector.feed(f"<p>{html.escape(PAYLOADS[1])}</p><a href='javascript:alert(1)'>x</a>")
    findings = hostile_findings(collector.page)
    assert findings == ["script URL in href='javascript:alert(1)' on <a>"]


# Careless projects (issue 22) -------------------------------------------------------------------

SMALL_CONF = (
    'extensions = ["sphinx_modelcards"]\nmodelcards_data = "data"\nexclude_patterns = ["_build"]\n'
)
SMALL_INDEX = "Catalog\n=======\n\n.. toctree::\n\n   catalog/index\n"


def small_project(srcdir: Path, models: str, conf: str = "", rst: str = "") -> Path:
    (srcdir / "data").mkdir(parents=True)
    (srcdir / "conf.py").write_text(SMALL_CONF + conf, encoding="utf-8")
    (srcdir / "index.rst").write_text(SMALL_INDEX + rst, encoding="utf-8")
    (srcdir / "data" / "models.yaml").write_text(models, encoding="utf-8")
    return srcdir


ONE_MODEL = "- id: m\n  name: M\n  lab: acme\n  parameters_b: 10\n  training_tokens_b: 100\n"


@pytest.mark.parametrize("ratio", ["float('inf')", "float('nan')", "-5"])
def test_a_bad_compute_optimal_ratio_is_a_warning(
    ratio: str, tmp_path: Path, make_app: MakeApp
) -> None:
    srcdir = small_project(
        tmp_path / "src", ONE_MODEL, conf=f"modelcards_compute_optimal_ratio = {ratio}\n"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert "modelcards_compute_optimal_ratio: expected a finite number above 0" in warnings[0]
    assert "[modelcards.config]" in warnings[0]
    page = (Path(app.outdir) / "catalog" / "models" / "m.html").read_text(encoding="utf-8")
    assert "Under-trained (&lt; 20:1)" in page
    assert "nan" not in page.lower().replace("nano", "")


def test_extreme_finite_numbers_build_and_publish(tmp_path: Path, make_app: MakeApp) -> None:
    models = (
        "- id: tiny-giant\n  name: T\n  lab: acme\n  parameters_b: 1.0e-300\n"
        "  training_tokens_b: 1.0e+300\n  benchmarks: {mmlu: -0.0}\n"
        "- id: huge\n  name: H\n  lab: acme\n  parameters_b: 1.7e+308\n"
        "  training_tokens_b: 1.7e+308\n"
    )
    srcdir = small_project(tmp_path / "src", models)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.statuscode == 0
    assert [w.split(": WARNING: ")[1] for w in warnings_of(app)] == [
        "model 'tiny-giant': training_tokens_b: 1e+300 tokens for 1e-300 parameters is a "
        "ratio too large to compute; the ratio is left out [modelcards.schema]"
    ]
    published = json.loads(
        (Path(app.outdir) / "modelcards.json").read_text(encoding="utf-8"),
        parse_constant=pytest.fail,
    )
    assert {m["id"] for m in published["models"]} == {"tiny-giant", "huge"}
    page = (Path(app.outdir) / "catalog" / "models" / "tiny-giant.html").read_text("utf-8")
    assert "-0.0" not in page


def test_non_latin_tags_and_names_have_pages(tmp_path: Path, make_app: MakeApp) -> None:
    models = "- id: m\n  name: 悟道\n  lab: acme\n  tags: [多模态, Модель, Open]\n"
    srcdir = small_project(tmp_path / "src", models)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == []
    tags = {p.stem for p in (Path(app.outdir) / "catalog" / "tags").glob("*.html")}
    assert tags == {"index", "open", slugify("多模态"), slugify("Модель")}
    page = (Path(app.outdir) / "catalog" / "tags" / f"{slugify('多模态')}.html").read_text("utf-8")
    assert "多模态" in page and "悟道" in page


def test_data_folder_holding_the_output_is_not_read_back(tmp_path: Path, make_app: MakeApp) -> None:
    """``modelcards_data = "."`` with the output inside the source folder (``build/html``)."""
    srcdir = small_project(tmp_path / "src", ONE_MODEL, conf='modelcards_data = "."\n')
    outdir = srcdir / "build" / "html"
    for _ in range(2):
        app = make_app("html", srcdir=srcdir, builddir=srcdir / "build")
        app.build()
        assert warnings_of(app) == []
        app.cleanup()
    assert (outdir / "modelcards.json").is_file()


def test_two_tables_with_one_name_get_distinct_ids(tmp_path: Path, make_app: MakeApp) -> None:
    boards = (
        ".. leaderboard::\n   :name: top\n\n.. leaderboard::\n   :columns: name\n   :name: top\n"
    )
    srcdir = small_project(tmp_path / "src", ONE_MODEL, rst=f"\n{boards}")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert (
        "index.rst:13: WARNING: leaderboard: another table of this page is named 'top'"
        in (warnings[0])
    )
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="(top[^"]*)"', page)
    assert len(ids) == len(set(ids)) == 2


def test_filter_comparing_a_number_with_text_warns(tmp_path: Path, make_app: MakeApp) -> None:
    board = '\n.. leaderboard::\n   :filter: parameters_b > "abc"\n'
    srcdir = small_project(tmp_path / "src", ONE_MODEL, rst=board)
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert (
        "index.rst:9: WARNING: leaderboard: filter: parameters_b is a number, compared with "
        in (warnings[0])
    )
    assert "[modelcards.filter]" in warnings[0]


def test_benchmark_ids_cannot_take_a_column_name() -> None:
    """The schema's list of reserved ids covers every column, alias and filter field."""
    from sphinx_modelcards.data.schema import COLUMN_NAMES
    from sphinx_modelcards.sphinxext.render.columns import ALIASES, FIELD_COLUMNS

    assert {*FIELD_COLUMNS, *ALIASES, "rank", "lab_name"} <= COLUMN_NAMES


def test_many_tags_leave_the_toctree(tmp_path: Path) -> None:
    """A page links every sibling of its toctree branch: with 10,000 tags that is 10,000
    links per tag page. Above the limit, tag pages are orphans reached from the listing."""
    from sphinx_modelcards.sphinxext.pages import MAX_TOCTREE_ENTRIES, plan_pages

    data = tmp_path / "m.yaml"
    count = MAX_TOCTREE_ENTRIES + 1
    data.write_text(
        "id: m\nname: M\nlab: acme\ntags: [" + ", ".join(f"t{i}" for i in range(count)) + "]\n",
        encoding="utf-8",
    )
    pages = plan_pages(load_catalog(Sources(data=(data,))))
    assert ".. toctree::" not in pages["tags/index"]
    tag_pages = [text for name, text in pages.items() if name.startswith("tags/t")]
    assert len(tag_pages) == count
    assert all(text.startswith(":orphan:") for text in tag_pages)
    assert ".. toctree::" in pages["labs/index"]
