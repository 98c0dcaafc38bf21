"""Helpers for building test projects and reading what they produced."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path


class _TableParser(HTMLParser):
    """Collect the text of every table, row by row, cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in {"td", "th"} and self._stack:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag in {"td", "th"} and self._cell is not None and self._stack:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    """Every table of an HTML page as rows of cell texts."""
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, whitespace folded."""
    parser = _TextParser()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def copy_root(root: Path, target: Path) -> Path:
    """A writable copy of a test root."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("_build", "catalog"))
    return target


def html_files(outdir: Path) -> dict[str, bytes]:
    """Every HTML page of a build, by relative path."""
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


def build(make_app, srcdir: Path, buildername: str = "html", *, prepare=None, **kwargs):  # type: ignore[no-untyped-def]
    """Build ``srcdir`` and record the documents that were read (``app.read_docs``);
    ``prepare(app)``, when given, runs before the build (to connect probes)."""
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    if prepare is not None:
        prepare(app)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister nodes and directives so the next app starts clean
    app.read_docs = sorted(read)
    return app


# ---------------------------------------------------------------- Chromium for the browser tests

#: Executable names searched on ``PATH``, in order.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Where macOS keeps the browsers.
_MAC_APPS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
#: Playwright's own downloads (``playwright install chromium``), below its cache folder.
_PLAYWRIGHT_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-win*/chrome.exe",
    "chromium_headless_shell-*/chrome-*/headless_shell",
)
HOW_TO_GET_CHROMIUM = (
    "install Chromium or Chrome on PATH (apt-get install chromium, dnf install chromium, "
    "brew install --cask chromium), or run `playwright install chromium`, or set "
    "MODELCARDS_CHROMIUM to the browser's executable"
)


def _playwright_cache() -> Path:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    home = Path.home()
    mac = home / "Library" / "Caches" / "ms-playwright"
    return mac if mac.is_dir() else home / ".cache" / "ms-playwright"


def find_chromium() -> tuple[Path | None, str]:
    """The Chromium to drive, and where it was found; ``(None, why)`` when there is none.

    ``$MODELCARDS_CHROMIUM`` (or ``$CHROMIUM``) wins; then the names of
    ``CHROMIUM_NAMES`` on ``PATH``, the macOS applications, and Playwright's own browsers.
    """
    for variable in ("MODELCARDS_CHROMIUM", "CHROMIUM"):
        value = os.environ.get(variable)
        if value:
            path = Path(value)
            if path.is_file():
                return path, f"${variable}"
            return None, f"${variable} is {value!r}, which is not a file: {HOW_TO_GET_CHROMIUM}"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found), f"{name} on PATH"
    for app in _MAC_APPS:
        if Path(app).is_file():
            return Path(app), app
    cache = _playwright_cache()
    for pattern in _PLAYWRIGHT_GLOBS:
        for path in sorted(cache.glob(pattern), reverse=True):
            if path.is_file():
                return path, "Playwright's browsers"
    return None, f"no Chromium found: {HOW_TO_GET_CHROMIUM}"


def browser_problem() -> str | None:
    """Why the browser tests cannot run here (None: they can), with how to fix it."""
    chromium, why = find_chromium()
    if chromium is None:
        return why
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright, or the test extra)"
    return None


# ---------------------------------------------------------- hostile markdown pages
# Legacy pages that used to cost quadratic time in ``import-markdown`` (issue 22);
# ``size`` is the length of the hostile part in characters. Used by
# tests/test_importers.py and bench/scaling.py.

HOSTILE_HEAD = "# Hostile\n\n**Organization:** Acme\n"


def unbalanced_links_page(size: int) -> str:
    """A Resources section of ``[a](`` links that never close."""
    return HOSTILE_HEAD + "\n## Resources\n\n- " + "[a](" * (size // 4) + "\n"


def open_brackets_page(size: int) -> str:
    """An ``**Organization:**`` line of ``[`` characters only."""
    return "# Hostile\n\n**Organization:** " + "[" * size + "\n"


def placeholder_notes_page(size: int) -> str:
    """Notes that look like a ``_No notes_`` placeholder but end in ``x``."""
    return HOSTILE_HEAD + "\n## Additional Notes\n\n_ no " + "_" * size + "x\n"
