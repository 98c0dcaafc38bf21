"""A new project made from the README's quick start alone builds without a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, warnings_of
from helpers import build, html_text

_FILE = re.compile(r"`([\w./-]+\.(?:py|yaml|rst|md))`")


def readme_files() -> dict[str, str]:
    """Each fenced block of the README under the first file name its paragraph gives."""
    files: dict[str, str] = {}
    prose: list[str] = []
    fence: str | None = None
    body: list[str] = []
    for line in (REPO / "README.md").read_text("utf-8").splitlines():
        if fence is None:
            opening = re.match(r"^(`{3,})\w*\s*$", line)
            if opening:
                fence, body = opening[1], []
            else:
                prose.append(line)
            continue
        if line == fence:
            named = _FILE.search(" ".join(prose))
            if named:
                files[named[1]] = "\n".join(body) + "\n"
            fence, prose = None, []
        else:
            body.append(line)
    return files


def _project(tmp_path: Path, page: str) -> Path:
    files = readme_files()
    for name, text in files.items():
        if name.startswith("index.") and name != page:
            continue
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def test_readme_names_every_file_of_the_quick_start() -> None:
    files = readme_files()
    assert {"conf.py", "data/labs.yaml", "index.rst", "index.md"} <= set(files)
    assert any(name.startswith("data/models/") for name in files)
    assert "myst_parser" in files["conf.py"]


@pytest.mark.parametrize("page", ["index.rst", "index.md"])
def test_readme_project_builds_without_a_warning(make_app, tmp_path: Path, page: str) -> None:  # type: ignore[no-untyped-def]
    srcdir = _project(tmp_path / "project", page)
    app = build(make_app, srcdir)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    home = html_text((out / "index.html").read_text("utf-8"))
    assert "Gemini 2.0 Flash exp" in home and "Our models" in home
    assert (out / "catalog" / "models" / "gemini-2.0-flash-exp.html").is_file()
    lab = html_text((out / "catalog" / "labs" / "google-deepmind.html").read_text("utf-8"))
    assert "Google DeepMind" in lab


def test_generated_folder_ignores_its_own_stubs(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = _project(tmp_path / "project", "index.rst")
    build(make_app, srcdir)
    ignored = (srcdir / "catalog" / ".gitignore").read_text("utf-8").splitlines()
    stubs = sorted(
        f"/{p.relative_to(srcdir / 'catalog').as_posix()}"
        for p in (srcdir / "catalog").rglob("*.rst")
    )
    assert ignored[1:] == ["/.gitignore", *stubs]
    assert "/models/gemini-2.0-flash-exp.rst" in ignored
