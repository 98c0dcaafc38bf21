"""Helpers for building test projects and reading what they produced."""

from __future__ import annotations

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
