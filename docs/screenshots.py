"""Photograph the test catalog in five themes for the documentation's gallery.

Usage::

    python docs/screenshots.py            # writes docs/_static/gallery/*.png
    python docs/screenshots.py --out DIR

Builds ``tests/roots/test-basic`` with alabaster, furo, pydata-sphinx-theme,
sphinx-rtd-theme and sphinx-book-theme into a temporary folder, then takes one
1280x900 picture of a model profile and one of a leaderboard per theme and colour
mode (light, and dark where the theme has it). Needs Playwright and Chromium
(``$MODELCARDS_CHROMIUM`` or ``$CHROMIUM``, else chromium, chromium-browser,
google-chrome or chrome on ``PATH``). The browser tests
(``tests/test_browser.py``) cover the same pages at two widths; this script only
makes the small, committed gallery.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "tests" / "roots" / "test-basic"
GALLERY = REPO / "docs" / "_static" / "gallery"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM = Path(
    os.environ.get("MODELCARDS_CHROMIUM")
    or os.environ.get("CHROMIUM")
    or next(filter(None, map(shutil.which, _NAMES)), "/usr/bin/chromium")
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}

#: Themes and their colour modes.
THEMES: dict[str, tuple[str, ...]] = {
    "alabaster": ("light",),
    "furo": ("light", "dark"),
    "pydata_sphinx_theme": ("light", "dark"),
    "sphinx_rtd_theme": ("light",),
    "sphinx_book_theme": ("light", "dark"),
}
#: What to photograph: a profile, and a leaderboard sorted by release date.
PAGES = {
    "profile": "catalog/models/acme-titan.html",
    "leaderboard": "catalog/all-models.html#all-models-table:sort=released:desc",
}
#: Each theme's own colour switch, set before the page's scripts run.
MODE_SCRIPTS = {
    "furo": "localStorage.setItem('theme', {mode!r});",
    "pydata_sphinx_theme": "localStorage.setItem('mode', {mode!r});"
    " localStorage.setItem('theme', {mode!r});",
    "sphinx_book_theme": "localStorage.setItem('mode', {mode!r});"
    " localStorage.setItem('theme', {mode!r});",
}


def build(theme: str, workdir: Path) -> Path:
    """Build the test catalog with ``theme``; return the HTML folder."""
    source = workdir / "src" / theme
    shutil.copytree(SOURCE, source)
    out = workdir / "html" / theme
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    command += ["-D", f"html_theme={theme}", "-D", "project=Catalog", str(source), str(out)]
    subprocess.run(command, check=True)
    return out


def photograph(sites: dict[str, Path], out: Path) -> list[Path]:
    """One PNG per theme, mode and page; returns the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for theme, modes in THEMES.items():
            for mode in modes:
                context = browser.new_context(viewport=VIEWPORT, color_scheme=mode)
                script = MODE_SCRIPTS.get(theme)
                if script:
                    context.add_init_script(script=script.format(mode=mode))
                page = context.new_page()
                for name, path in PAGES.items():
                    file, _, fragment = path.partition("#")
                    page.goto((sites[theme] / file).as_uri() + (f"#{fragment}" if fragment else ""))
                    page.wait_for_load_state("load")
                    target = out / f"{theme}-{mode}-{name}.png"
                    page.screenshot(path=target, animations="disabled")
                    written.append(target)
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=GALLERY, help="where the PNGs go")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        parser.error(f"{CHROMIUM} is missing: install chromium or set $MODELCARDS_CHROMIUM")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="modelcards-gallery-") as tmp:
        sites = {theme: build(theme, Path(tmp)) for theme in THEMES}
        written = photograph(sites, args.out)
    total = sum(path.stat().st_size for path in written)
    for path in written:
        print(f"{path.stat().st_size / 1024:6.0f} KiB  {path.relative_to(REPO)}")
    print(f"{len(written)} screenshots, {total / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
