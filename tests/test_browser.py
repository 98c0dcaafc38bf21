"""Leaderboards in a real browser, and the looks of every page type in five themes.

The tests build test projects with ``sphinx-build``, serve them on 127.0.0.1 and drive
Debian's Chromium with Playwright. Without Chromium or Playwright they are skipped,
unless ``MODELCARDS_REQUIRE_BROWSER=1`` (CI sets it), which turns the skip into a failure.
Screenshots go to ``tests/artifacts/screenshots/`` (git-ignored).

Run them alone with ``pytest -m browser``; leave them out with ``-m "not browser"``.
"""

from __future__ import annotations

import functools
import http.server
import os
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers import browser_problem, find_chromium

pytestmark = pytest.mark.browser

ROOTS = Path(__file__).parent / "roots"
SCREENSHOTS = Path(__file__).parent / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Themes and the colour modes each one has.
THEMES: dict[str, tuple[str, ...]] = {
    "alabaster": ("light",),
    "furo": ("light", "dark"),
    "pydata_sphinx_theme": ("light", "dark"),
    "sphinx_rtd_theme": ("light",),
    "sphinx_book_theme": ("light", "dark"),
}
#: One page of each type, by the name used in screenshot files.
PAGES = {
    "profile": "catalog/models/acme-titan.html",
    "lab": "catalog/labs/acme.html",
    "architecture": "catalog/architectures/moe.html",
    "tag": "catalog/tags/reasoning.html",
    "leaderboard": "prose.html",
    "index": "catalog/index.html",
}
WIDTHS = (1280, 390)

#: An extra page for the tests: two leaderboards and a plain section to link to.
BOARDS_PAGE = """\
:orphan:

Boards
======

Plain section
-------------

Two tables on one page.

.. leaderboard::
   :columns: name, lab, mmlu
   :sort: -mmlu
   :name: board-a
   :caption: Board A

.. container:: mc-js-only

   Click a header to sort.

.. leaderboard::
   :columns: name, released, parameters_b
   :name: board-b

.. leaderboard::
   :columns: rank, name, mmlu
   :sort: -mmlu
   :limit: 3
   :unranked: hide
   :name: board-small

.. raw:: html

   <div style="height: 3000px"></div>

.. leaderboard::
   :columns: rank, name, lab, parameters_b, training_tokens_b, context, alscore, mmlu, gpqa, tier, released
   :more-columns: license
   :sort: -released
   :name: board-wide
"""

#: Before the first frame: pick the colour mode through each theme's own switch.
#: (pydata logs a console error on a first visit with no stored mode.)
MODE_SCRIPTS = {
    "furo": "localStorage.setItem('theme', {furo!r});",
    "pydata_sphinx_theme": "localStorage.setItem('mode', {mode!r});"
    " localStorage.setItem('theme', {mode!r});",
    "sphinx_book_theme": "localStorage.setItem('mode', {mode!r});"
    " localStorage.setItem('theme', {mode!r});",
}

# JavaScript helpers run in the page.
COLUMN_JS = """([id, key]) => {
  const table = document.querySelector(`table#${id}`);
  const index = [...table.tHead.rows[0].cells].findIndex(
    (th) => th.classList.contains(`mc-col-${key}`));
  return [...table.tBodies[0].rows]
    .filter((tr) => !tr.hidden && !tr.matches(".mc-divider, .mc-more"))
    .map((tr) => tr.cells[index].textContent.trim());
}"""
ARIA_SORT_JS = """(id) => Object.fromEntries([...document.querySelector(`table#${id}`)
  .tHead.rows[0].cells].map((th) => [th.className.match(/mc-col-(\\S+)/)[1],
  th.getAttribute("aria-sort")]))"""
OVERFLOW_JS = "document.documentElement.scrollWidth - window.innerWidth"
#: Tables whose sort column (the build's) is out of view inside their scrolling box.
SORTED_HIDDEN_JS = """() => [...document.querySelectorAll("script.mc-lb-data")].flatMap((s) => {
  const key = JSON.parse(s.textContent).sort;
  const table = document.getElementById(s.dataset.for);
  const th = key && table && table.querySelector(`thead th.mc-col-${key}`);
  if (!th || !th.closest(".mc-lb-scroll")) return [];
  const box = th.closest(".mc-lb-scroll").getBoundingClientRect();
  const cell = th.getBoundingClientRect();
  const inside = cell.left >= box.left - 1 && cell.right <= box.right + 1
    && cell.right <= window.innerWidth + 1;
  return inside ? [] : [`${table.id}: sorted column ${key} out of view`];
})"""
#: Is a column's header inside its table's scrolling box and the window, left to right?
VISIBLE_JS = """([id, key]) => {
  const th = document.querySelector(`table#${id} th.mc-col-${key}`);
  const box = th.closest(".mc-lb-scroll").getBoundingClientRect();
  const cell = th.getBoundingClientRect();
  const visible = cell.width > 0 && cell.left >= box.left - 1 && cell.right <= box.right + 1
    && cell.right <= window.innerWidth + 1;
  return { visible, cell: [cell.left, cell.right], box: [box.left, box.right] };
}"""


# ---------------------------------------------------------------- environment


def _require_browser() -> None:
    """Skip (or fail, when CI asks for the browser tests) without Chromium or Playwright."""
    required = os.environ.get("MODELCARDS_REQUIRE_BROWSER") == "1"
    problem = browser_problem()
    if problem is None:
        return
    if required:
        pytest.fail(f"MODELCARDS_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole module."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(find_chromium()[0]), args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built sites; no log lines, and no 404 for the browser's favicon probe."""

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Sites:
    """Built test projects under one folder, served over HTTP on a free port."""

    root: Path
    base: str
    built: dict[str, Path] = field(default_factory=dict)

    def build(self, name: str, make_source: Callable[[Path], None], *options: str) -> Path:
        """Build once per session; ``make_source`` fills the source folder."""
        if name not in self.built:
            source = self.root / "src" / name
            make_source(source)
            out = self.root / name
            command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *options]
            result = subprocess.run(
                [*command, str(source), str(out)], capture_output=True, text=True, check=False
            )
            assert result.returncode == 0, f"sphinx-build {name} failed:\n{result.stderr}"
            self.built[name] = out
        return self.built[name]

    def theme(self, theme: str) -> str:
        """The URL of the test-basic catalog built with ``theme`` (plus the boards page)."""

        def source(path: Path) -> None:
            shutil.copytree(ROOTS / "test-basic", path)
            (path / "boards.rst").write_text(BOARDS_PAGE, encoding="utf-8")

        # A short project name: pydata's navbar does not fit a long one on a phone.
        self.build(
            theme,
            source,
            *("-D", f"html_theme={theme}", "-D", "project=Catalog"),
            *("-D", "modelcards_interactive_min_rows=5"),
        )
        return f"{self.base}/{theme}/"


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    """Every site a test asks for, built once per session and served on 127.0.0.1."""
    _require_browser()
    root = tmp_path_factory.mktemp("sites")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Sites(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Pages:
    """Opens pages in fresh browser contexts and records every console error."""

    browser: Any
    errors: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def context(
        self, *, width: int = 1280, theme: str = "", mode: str = "light", js: bool = True
    ) -> Any:
        """A browser context at ``width`` in ``mode``, switched through the theme's own setting."""
        context = self.browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=mode,
            java_script_enabled=js,
        )
        script = MODE_SCRIPTS.get(theme)
        if script:
            # furo follows the OS in "auto"; the dark run emulates a dark OS.
            context.add_init_script(script=script.format(mode=mode, furo="auto"))
        self.contexts.append(context)
        return context

    def open(self, url: str, *, context: Any = None, **options: Any) -> Any:
        """A new page at ``url`` (in ``context``, or a new one made from ``options``)."""
        page = (context or self.context(**options)).new_page()
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"{page.url}: console error: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: page error: {error}"))
        page.goto(url)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def pages(browser: Any) -> Iterator[Pages]:
    """Pages for one test; the test fails on any console or page error."""
    opened = Pages(browser)
    yield opened
    opened.close()
    if opened.errors:
        pytest.fail("errors in the browser:\n" + "\n".join(opened.errors), pytrace=False)


@pytest.fixture(params=["alabaster", "furo"])
def site(request: pytest.FixtureRequest, sites: Sites) -> str:
    """The test catalog's base URL, in alabaster and in furo."""
    return sites.theme(request.param)


def column(page: Any, table: str, key: str) -> list[str]:
    """The shown values of one column, top to bottom."""
    return page.evaluate(COLUMN_JS, [table, key])


def wait_for_hash(page: Any, expected: str) -> None:
    """The address bar follows a change within a frame or two."""
    page.wait_for_function("(hash) => location.hash === hash", arg=expected, timeout=5000)


def sort_by(page: Any, table: str, key: str) -> None:
    page.click(f"table#{table} th.mc-col-{key} button")


# ---------------------------------------------------------------- sorting

NAMES = [
    "Acme Titan",
    "Borealis 70B",
    "Cirrus-2",
    "Borealis 7B",
    "Acme Pico",
    "Acme Next",
    "Cirrus-1 <Turbo>",
]


def test_enhances_without_changing_the_rows(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    assert column(page, "top-models", "name") == NAMES
    # the two models without an ALScore are not ranked, under a divider
    assert column(page, "top-models", "rank") == ["1", "2", "3", "4", "5", "-", "-"]
    divider = page.locator("table#top-models tr.mc-divider")
    assert divider.inner_text().strip() == "Not ranked: 2 models without ALScore"
    headers = page.locator("table#top-models thead th")
    assert headers.count() == 9
    assert page.locator("table#top-models thead th > button[type=button]").count() == 9
    keys = ["rank", "name", "lab", "parameters_b", "training_tokens_b", "alscore", "mmlu"]
    keys += ["gpqa", "access"]
    assert page.evaluate(ARIA_SORT_JS, "top-models") == dict.fromkeys(keys, "none")
    assert page.inner_text("table#top-models th.mc-col-parameters_b").strip() == "Params"


def test_numeric_sort_reads_units_and_keeps_missing_last(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    sort_by(page, "top-models", "parameters_b")  # numbers start descending
    assert column(page, "top-models", "parameters_b") == [
        "2,000B", "1,200B", "70B", "30B", "7B", "0.1B", "-",
    ]  # fmt: skip
    assert page.evaluate(ARIA_SORT_JS, "top-models")["parameters_b"] == "descending"
    sort_by(page, "top-models", "parameters_b")
    assert column(page, "top-models", "parameters_b") == [
        "0.1B", "7B", "30B", "70B", "1,200B", "2,000B", "-",
    ]  # fmt: skip
    assert page.evaluate(ARIA_SORT_JS, "top-models")["parameters_b"] == "ascending"

    sort_by(page, "top-models", "training_tokens_b")  # 30T is 30,000B
    assert column(page, "top-models", "training_tokens_b") == [
        "30T", "1T", "600B", "140B", "2B", "-", "-",
    ]  # fmt: skip
    sort_by(page, "top-models", "alscore")
    sort_by(page, "top-models", "alscore")  # "<0.1" sorts between 0 and 0.1
    assert column(page, "top-models", "alscore") == [
        "<0.1", "0.1", "0.4", "0.9", "20.0", "-", "-",
    ]  # fmt: skip
    sort_by(page, "top-models", "rank")  # rank starts ascending: the build's order
    assert column(page, "top-models", "name") == NAMES
    sorts = page.evaluate(ARIA_SORT_JS, "top-models")
    assert sorts.pop("rank") == "ascending"
    assert set(sorts.values()) == {"none"}


def test_date_sort_is_chronological_with_tba_last(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/all-models.html")
    sort_by(page, "all-models-table", "released")  # dates start newest first
    newest_first = ["Feb 2026", "Nov 2025", "Mar 2025", "Jun 2024", "Jan 2024", "Sep 2023"]
    assert column(page, "all-models-table", "released") == [*newest_first, "TBA"]
    sort_by(page, "all-models-table", "released")
    assert column(page, "all-models-table", "released") == [*newest_first[::-1], "TBA"]


def test_text_sort_is_natural_and_stable(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    sort_by(page, "top-models", "name")  # text starts A to Z; 7B before 70B
    by_name = [
        "Acme Next", "Acme Pico", "Acme Titan", "Borealis 7B", "Borealis 70B",
        "Cirrus-1 <Turbo>", "Cirrus-2",
    ]  # fmt: skip
    assert column(page, "top-models", "name") == by_name
    sort_by(page, "top-models", "name")
    assert column(page, "top-models", "name") == by_name[::-1]

    # Ties keep the previous order: by MMLU, then by lab, lists each lab by MMLU.
    sort_by(page, "top-models", "mmlu")
    sort_by(page, "top-models", "lab")
    assert column(page, "top-models", "name") == [
        "Acme Titan", "Acme Pico", "Acme Next", "Borealis 70B", "Borealis 7B",
        "Cirrus-2", "Cirrus-1 <Turbo>",
    ]  # fmt: skip
    assert column(page, "top-models", "rank") == ["1", "5", "-", "2", "4", "3", "-"]


# ---------------------------------------------------------------- filtering


def test_filter_hides_rows_and_counts(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    box = page.get_by_label("Filter rows")
    assert box.count() == 1
    assert box.is_visible()
    assert box.get_attribute("type") == "search"
    assert box.get_attribute("aria-controls") == "top-models"
    count = page.locator(".mc-lb-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == "7 of 7 models"
    # The controls come before the table (outside furo's scrolling wrapper).
    assert page.evaluate(
        """() => {
          const controls = document.querySelector('.mc-lb-controls');
          const table = document.querySelector('table#top-models');
          return !!(controls.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING)
            && !controls.contains(table) && !controls.closest('.table-wrapper');
        }"""
    )

    box.press_sequentially("ACME")
    assert column(page, "top-models", "name") == ["Acme Titan", "Acme Pico", "Acme Next"]
    assert count.inner_text() == "3 of 7 models"
    box.fill("zurich")  # accents do not matter, and the lab column counts
    assert column(page, "top-models", "name") == ["Cirrus-2", "Cirrus-1 <Turbo>"]
    box.fill("borealis 70")  # every word must match
    assert column(page, "top-models", "name") == ["Borealis 70B"]
    box.fill("no such model")
    assert column(page, "top-models", "name") == []
    assert count.inner_text() == "0 of 7 models"

    box.fill("acme")
    sort_by(page, "top-models", "parameters_b")
    sort_by(page, "top-models", "parameters_b")
    assert column(page, "top-models", "name") == ["Acme Pico", "Acme Titan", "Acme Next"]
    box.fill("")
    assert count.inner_text() == "7 of 7 models"
    assert len(column(page, "top-models", "name")) == 7
    # Hidden rows wait at the end, so nth-child zebra stripes stay right.
    assert page.locator("table#top-models tbody tr[hidden]").count() == 0


# ---------------------------------------------------------------- the URL


def test_state_goes_to_the_fragment_without_history_entries(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    history = page.evaluate("history.length")
    sort_by(page, "top-models", "mmlu")
    page.get_by_label("Filter rows").press_sequentially("acme ti")
    wait_for_hash(page, "#top-models:sort=mmlu:desc;q=acme%20ti")
    assert page.evaluate("history.length") == history

    shared = page.url
    other = pages.open(shared)
    assert column(other, "top-models", "name") == ["Acme Titan"]
    assert other.get_by_label("Filter rows").input_value() == "acme ti"
    assert other.evaluate(ARIA_SORT_JS, "top-models")["mmlu"] == "descending"


def test_state_is_restored_from_the_fragment(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html#top-models:sort=parameters_b:asc;q=borealis")
    assert column(page, "top-models", "name") == ["Borealis 7B", "Borealis 70B"]
    assert page.get_by_label("Filter rows").input_value() == "borealis"
    assert page.locator(".mc-lb-count").inner_text() == "2 of 7 models"
    assert page.evaluate(ARIA_SORT_JS, "top-models")["parameters_b"] == "ascending"

    # An unknown column is ignored; the rest of the state still applies.
    page = pages.open(site + "catalog/index.html#top-models:sort=nope:desc;q=cirrus")
    assert column(page, "top-models", "name") == ["Cirrus-2", "Cirrus-1 <Turbo>"]
    assert set(page.evaluate(ARIA_SORT_JS, "top-models").values()) == {"none"}


def test_several_tables_share_the_fragment(site: str, pages: Pages) -> None:
    page = pages.open(site + "boards.html#board-a:sort=name:asc&board-b:q=acme")
    assert column(page, "board-a", "name")[:2] == ["Acme Next", "Acme Pico"]
    assert sorted(column(page, "board-b", "name")) == ["Acme Next", "Acme Pico", "Acme Titan"]
    counts = page.locator(".mc-lb-count").all_inner_texts()
    assert counts == ["7 of 7 models", "3 of 7 models", "7 of 7 models"]

    sort_by(page, "board-b", "released")
    wait_for_hash(page, "#board-a:sort=name:asc&board-b:sort=released:desc;q=acme")
    assert column(page, "board-b", "released") == ["Mar 2025", "Jun 2024", "TBA"]

    # Editing the fragment (a link, the address bar) applies the new state.
    page.evaluate("location.hash = '#board-b:sort=parameters_b:desc'")
    page.wait_for_function(
        "document.querySelector('table#board-b th.mc-col-parameters_b')"
        ".getAttribute('aria-sort') === 'descending'"
    )
    assert column(page, "board-b", "parameters_b")[:2] == ["2,000B", "1,200B"]
    assert page.get_by_label("Filter rows").nth(1).input_value() == ""
    assert column(page, "board-a", "name")[0] == "Acme Titan"  # back to the build's order


def test_ordinary_anchors_are_left_alone(site: str, pages: Pages) -> None:
    page = pages.open(site + "boards.html#plain-section")
    assert page.evaluate("location.hash") == "#plain-section"
    assert page.locator("table#board-a tbody tr:not([hidden])").count() == 7
    box = page.get_by_label("Filter rows").first
    box.fill("acme")
    wait_for_hash(page, "#board-a:q=acme")
    box.fill("")  # no state left: the original anchor comes back
    wait_for_hash(page, "#plain-section")

    page = pages.open(site + "boards.html#board-a")  # the table's own anchor
    assert page.evaluate("location.hash") == "#board-a"
    assert set(page.evaluate(ARIA_SORT_JS, "board-a").values()) == {"none"}
    page = pages.open(site + "catalog/index.html#top-models-by-alscore")
    assert page.evaluate("location.hash") == "#top-models-by-alscore"
    page.wait_for_function("window.scrollY > 0")  # the browser scrolls to the section


# ---------------------------------------------------------------- keyboard, no script


def test_keyboard_sorts(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    page.focus(".mc-lb-controls .mc-lb-columns > summary")
    page.keyboard.press("Tab")
    focused = "document.activeElement.closest('th')?.className ?? ''"
    assert "mc-col-rank" in page.evaluate(focused)
    page.keyboard.press("Tab")
    assert "mc-col-name" in page.evaluate(focused)
    page.keyboard.press("Enter")
    assert column(page, "top-models", "name")[0] == "Acme Next"
    assert page.evaluate(ARIA_SORT_JS, "top-models")["name"] == "ascending"
    page.keyboard.press("Space")
    assert column(page, "top-models", "name")[0] == "Cirrus-2"
    assert page.evaluate(ARIA_SORT_JS, "top-models")["name"] == "descending"
    assert "mc-col-name" in page.evaluate(focused)  # focus stays on the header


def test_without_javascript_the_table_is_complete(sites: Sites, pages: Pages) -> None:
    url = sites.theme("alabaster") + "catalog/index.html"
    page = pages.open(url, width=390, js=False)
    assert column(page, "top-models", "name") == NAMES
    assert page.locator("table#top-models button, .mc-lb-controls").count() == 0
    assert page.evaluate(OVERFLOW_JS) <= 1


def test_pages_without_tables_are_quiet(sites: Sites, pages: Pages) -> None:
    base = sites.theme("alabaster")
    # (catalog/benchmarks.html has a leaderboard per benchmark now)
    for path in ("genindex.html", "search.html", "index.html"):
        page = pages.open(base + path)
        assert page.locator(".mc-lb-controls").count() == 0
        page.close()


# ---------------------------------------------------------------- dark mode


BADGE_COLOUR = "getComputedStyle(document.querySelector('.mc-badge-public')).color"
LIGHT_GREEN = "rgb(17, 99, 41)"
DARK_GREEN = "rgb(126, 231, 135)"


@pytest.mark.parametrize(
    ("theme", "stored", "os_mode", "expected"),
    [
        ("alabaster", None, "dark", LIGHT_GREEN),  # no dark mode: stays light
        ("sphinx_rtd_theme", None, "dark", LIGHT_GREEN),
        ("furo", "auto", "dark", DARK_GREEN),
        ("furo", "dark", "light", DARK_GREEN),
        ("furo", "light", "dark", LIGHT_GREEN),
        ("pydata_sphinx_theme", "dark", "light", DARK_GREEN),
        ("sphinx_book_theme", "light", "dark", LIGHT_GREEN),
    ],
)
def test_dark_colours_follow_the_theme(
    sites: Sites, pages: Pages, theme: str, stored: str | None, os_mode: str, expected: str
) -> None:
    context = pages.browser.new_context(color_scheme=os_mode)
    pages.contexts.append(context)
    if stored:
        key = "theme" if theme == "furo" else "mode"
        context.add_init_script(
            script=f"localStorage.setItem({key!r}, {stored!r});"
            f" localStorage.setItem('theme', {stored!r});"
        )
    page = pages.open(sites.theme(theme) + "catalog/models/acme-titan.html", context=context)
    assert page.evaluate(BADGE_COLOUR) == expected


# ---------------------------------------------------------------- looks


def _looks_cases() -> list[tuple[str, str]]:
    return [(theme, mode) for theme, modes in THEMES.items() for mode in modes]


@pytest.mark.parametrize(("theme", "mode"), _looks_cases())
def test_looks(sites: Sites, pages: Pages, theme: str, mode: str) -> None:
    """Every page type, wide and narrow: no horizontal overflow; screenshots for review."""
    base = sites.theme(theme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        context = pages.context(width=width, theme=theme, mode=mode)
        for name, path in PAGES.items():
            page = pages.open(base + path, context=context)
            page.wait_for_load_state("load")
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow > 1:
                problems.append(f"{name} at {width}px overflows the page by {overflow}px")
            if page.locator("table.mc-leaderboard").count():
                assert page.locator(".mc-lb-controls").count() >= 1, f"{name}: not enhanced"
                hidden = page.evaluate(SORTED_HIDDEN_JS)
                problems += [f"{name} at {width}px: {text}" for text in hidden]
            page.screenshot(
                path=SCREENSHOTS / f"{theme}-{mode}-{width}-{name}.png",
                full_page=True,
                animations="disabled",
            )
            page.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- 3,000 rows


def _big_catalog(path: Path, count: int = 3000) -> None:
    """A generated catalog of ``count`` models and one leaderboard over all of them."""
    rng = random.Random(3000)
    data = path / "data"
    data.mkdir(parents=True)
    labs = [f"lab{n:02d}" for n in range(40)]
    (data / "labs.yaml").write_text(
        "".join(f"- id: {lab}\n  name: Lab {lab[3:]} Research\n" for lab in labs), encoding="utf-8"
    )
    lines = []
    for n in range(count):
        lines += [
            f"- id: model-{n:04d}",
            f"  name: Model {n:04d}",
            f"  lab: {labs[n % len(labs)]}",
            f"  access: {rng.choice(['public', 'limited', 'private', 'unknown'])}",
            f"  architecture: {rng.choice(['dense', 'moe', 'hybrid'])}",
        ]
        if rng.random() < 0.9:
            lines.append(f"  parameters_b: {rng.uniform(0.05, 2000):.2f}")
        if rng.random() < 0.8:
            lines.append(f"  training_tokens_b: {rng.uniform(1, 40000):.1f}")
        released = rng.random()
        if released < 0.1:
            lines.append("  released: TBA")
        elif released < 0.95:
            lines.append(f"  released: {rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}")
        if rng.random() < 0.85:
            lines += ["  benchmarks:", f"    mmlu: {rng.uniform(20, 95):.1f}"]
    (data / "models.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (path / "conf.py").write_text(
        'extensions = ["sphinx_modelcards"]\n'
        'modelcards_data = "data"\n'
        "modelcards_generate = False\n",
        encoding="utf-8",
    )
    (path / "index.rst").write_text(
        "Big catalog\n===========\n\n"
        ".. leaderboard::\n"
        "   :columns: rank, name, lab, parameters_b, training_tokens_b, alscore, mmlu,"
        " released, access\n"
        "   :sort: -alscore\n"
        "   :name: big\n",
        encoding="utf-8",
    )


def _numbers(values: list[str]) -> list[float]:
    return [float(v.rstrip("B").replace(",", "")) for v in values]


def test_3000_rows_sort_correctly(sites: Sites, pages: Pages) -> None:
    """Order, stability and missing values last on a long table (timings: bench/browser.py)."""
    sites.build("big", _big_catalog)
    page = pages.open(f"{sites.base}/big/index.html")
    page.wait_for_selector("table#big.mc-enhanced")
    # Only the first rows are in the DOM; "Show all" brings the others.
    shown = page.locator("table#big tbody tr:not(.mc-more):not(.mc-divider)").count()
    assert 0 < shown < 3000
    sort_by(page, "big", "parameters_b")
    page.click("table#big tr.mc-more button")
    values = column(page, "big", "parameters_b")
    assert len(values) == 3000
    present = [v for v in values if v != "-"]
    assert 0 < len(present) < 3000
    assert values[len(present) :] == ["-"] * (len(values) - len(present))
    assert _numbers(present) == sorted(_numbers(present), reverse=True)

    # Stable: sorted by MMLU, then by lab, each lab's models stay in MMLU order.
    sort_by(page, "big", "mmlu")
    sort_by(page, "big", "lab")
    page.click("table#big tr.mc-more button")
    labs, scores = column(page, "big", "lab"), column(page, "big", "mmlu")
    assert labs == sorted(labs, key=lambda lab: int(lab.split()[1]))
    for lab in set(labs):
        mine = [s for lb, s in zip(labs, scores, strict=True) if lb == lab]
        known = [float(s) for s in mine if s != "-"]
        assert known == sorted(known, reverse=True)
        assert mine[len(known) :] == ["-"] * (len(mine) - len(known))

    # Dates: newest first, TBA and missing last; the rank column greys out.
    sort_by(page, "big", "released")
    page.click("table#big tr.mc-more button")
    dates = column(page, "big", "released")
    known_dates = [d for d in dates if d not in {"TBA", "-"}]
    assert set(dates[len(known_dates) :]) <= {"TBA", "-"}
    keys = [(int(d[-4:]), d[:3]) for d in known_dates]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)


# ---------------------------------------------------------------- readers' features


def test_ranks_after_a_re_sort_say_what_they_rank_by(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    by = page.locator("table#top-models th.mc-col-rank .mc-rank-by")
    assert not by.is_visible()
    sort_by(page, "top-models", "name")
    assert by.is_visible() and by.inner_text() == "by ALScore"
    assert "mc-rank-stale" in page.get_attribute("table#top-models", "class")
    assert page.locator("table#top-models tr.mc-divider").count() == 0
    sort_by(page, "top-models", "rank")
    assert not by.is_visible()
    assert column(page, "top-models", "name") == NAMES
    assert page.locator("table#top-models tr.mc-divider").count() == 1


def test_search_words_aliases_and_punctuation(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    box = page.get_by_label("Filter rows")
    box.fill("moe")  # the architecture, not shown in the table
    assert column(page, "top-models", "name") == ["Acme Titan", "Acme Next"]
    box.fill("cirrus2")  # punctuation is ignored
    assert column(page, "top-models", "name") == ["Cirrus-2"]
    box.fill("SOTA acme")  # a tag and the lab: every word must match
    assert column(page, "top-models", "name") == ["Acme Titan"]


def test_facets_ranges_and_columns_go_to_the_fragment(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    controls = page.locator(".mc-lb-controls").first
    controls.locator("summary", has_text="Filters").click()
    private = controls.locator("button.mc-chip", has_text="Private")
    assert private.inner_text().split() == ["Private", "1"]
    public = controls.locator("button.mc-chip", has_text="Public")
    public.click()
    assert public.get_attribute("aria-pressed") == "true"
    assert column(page, "top-models", "access") == ["Public"] * 4
    private.click()  # chips of one facet: any of them
    assert len(column(page, "top-models", "access")) == 5
    page.get_by_label("MMLU from").fill("80")
    assert column(page, "top-models", "name") == ["Acme Titan", "Cirrus-2"]
    controls.locator("label.mc-has", has_text="has GPQA").click()
    assert column(page, "top-models", "name") == ["Acme Titan"]
    controls.locator("summary", has_text="Columns").click()
    controls.locator("label.mc-column-choice", has_text="Lab").click()
    assert not page.locator("table#top-models th.mc-col-lab").is_visible()
    page.wait_for_function("location.hash.includes('cols=')", timeout=5000)
    hash_ = page.evaluate("decodeURIComponent(location.hash)")
    assert hash_.startswith("#top-models:f=access:Public,access:Private;r=mmlu:80:;has=gpqa;")
    assert ";cols=rank,name,parameters_b," in hash_

    other = pages.open(page.url)
    assert column(other, "top-models", "name") == ["Acme Titan"]
    assert not other.locator("table#top-models th.mc-col-lab").is_visible()
    assert other.get_by_label("MMLU from").input_value() == "80"
    chip = other.locator("button.mc-chip", has_text="Public").first
    assert chip.get_attribute("aria-pressed") == "true"
    other.locator("button.mc-reset").click()  # the panel opens when filters are set
    assert len(column(other, "top-models", "name")) == 7


def test_small_tables_more_columns_and_js_only_text(sites: Sites, pages: Pages) -> None:
    url = sites.theme("furo") + "boards.html"
    page = pages.open(url)
    small = page.locator("table#board-small")
    assert small.locator("thead button.mc-sort").count() == 3  # still sortable
    assert page.locator("#board-small-search").count() == 0  # no filter box
    assert page.locator("#board-wide-search").count() == 1
    assert page.get_by_text("Click a header to sort.").is_visible()
    # :more-columns: are hidden until chosen
    assert not page.locator("table#board-wide th.mc-col-license").is_visible()
    page = pages.open(url, js=False)
    assert not page.get_by_text("Click a header to sort.").is_visible()
    assert page.locator("table#board-wide th.mc-col-license").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_shared_link_scrolls_and_the_sorted_column_shows(
    sites: Sites, pages: Pages, width: int
) -> None:
    url = sites.theme("furo") + "boards.html#board-wide:sort=mmlu:desc"
    page = pages.open(url, width=width)
    page.wait_for_function("window.scrollY > 2000")  # down to the table
    box = page.evaluate(VISIBLE_JS, ["board-wide", "mmlu"])
    assert box["visible"], box
    # the build's sort column (released, at the far right) shows without scrolling
    page = pages.open(sites.theme("furo") + "boards.html", width=width)
    page.locator("table#board-wide").scroll_into_view_if_needed()
    box = page.evaluate(VISIBLE_JS, ["board-wide", "released"])
    assert box["visible"], box
    assert page.evaluate(VISIBLE_JS, ["board-wide", "name"])["visible"]


def test_ordinal_columns_sort_by_their_order(site: str, pages: Pages) -> None:
    page = pages.open(site + "catalog/index.html")
    sort_by(page, "top-models", "access")  # ordinal columns start ascending
    assert column(page, "top-models", "access") == [
        "Public", "Public", "Public", "Public", "Limited", "Private", "Unknown",
    ]  # fmt: skip
    sort_by(page, "top-models", "access")  # unknown is missing: last either way
    assert column(page, "top-models", "access") == [
        "Private", "Limited", "Public", "Public", "Public", "Public", "Unknown",
    ]  # fmt: skip
