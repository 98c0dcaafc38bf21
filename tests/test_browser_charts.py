"""Every chart of the demo site, measured in headless Chromium: no two texts overlap,
text renders at 11px or more on a phone, and point links are big enough to tap."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import browser_problem, find_chromium

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[1] / "docs"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

#: Per chart: the boxes of its texts on screen, its scale, and the boxes of its links.
MEASURE_JS = """() => [...document.querySelectorAll("svg.mc-chart")].map((svg) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return {
    id: svg.querySelector("title").id,
    texts: [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim())
      .map((t) => ({ text: t.textContent, box: box(t),
        px: parseFloat(getComputedStyle(t).fontSize) * scale })),
    links: [...svg.querySelectorAll("a")].map(box),
  };
})"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The docs built once and served on 127.0.0.1; the pages that hold charts."""
    problem = browser_problem()
    if problem is not None:
        if os.environ.get("MODELCARDS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MODELCARDS_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
        pytest.skip(problem)
    root = tmp_path_factory.mktemp("demo")
    out = root / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(DOCS), str(out)]
    command += ["-d", str(root / "doctrees")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    pages = sorted(
        str(p.relative_to(out))
        for p in out.rglob("*.html")
        if 'class="mc-chart ' in p.read_text("utf-8")
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def _measure(demo: tuple[str, list[str]], width: int) -> list[tuple[str, dict[str, Any]]]:
    from playwright.sync_api import sync_playwright

    base, pages = demo
    charts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(find_chromium()[0]), args=LAUNCH_ARGS
        )
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name in pages:
            page.goto(f"{base}/{name}")
            charts += [(name, chart) for chart in page.evaluate(MEASURE_JS)]
        browser.close()
    return charts


def _intersect(a: list[float], b: list[float]) -> bool:
    slack = 0.5  # sub-pixel rounding of touching boxes
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def test_no_two_texts_of_a_chart_intersect(demo: tuple[str, list[str]]) -> None:
    charts = _measure(demo, 1280)
    assert len(charts) >= 20, "the demo site has charts on many pages"
    clashes = [
        f"{page} {chart['id']}: {a['text']!r} over {b['text']!r}"
        for page, chart in charts
        for i, a in enumerate(chart["texts"])
        for b in chart["texts"][i + 1 :]
        if _intersect(a["box"], b["box"])
    ]
    assert clashes == []


def test_phone_text_and_targets_are_big_enough(demo: tuple[str, list[str]]) -> None:
    charts = _measure(demo, 390)
    small = [
        f"{page} {chart['id']}: {t['text']!r} at {t['px']:.1f}px"
        for page, chart in charts
        for t in chart["texts"]
        if t["px"] < 11 - 1e-6
    ]
    assert small == []
    tiny = [
        f"{page} {chart['id']}: a {b[2] - b[0]:.0f}x{b[3] - b[1]:.0f}px link"
        for page, chart in charts
        for b in chart["links"]
        if min(b[2] - b[0], b[3] - b[1]) < 22
    ]
    assert tiny == []


#: On a profile: each spec label beside its value, and the benchmark table's left edge
#: against that of its "Analysis" notes.
PROFILE_JS = """() => {
  const specs = document.querySelector(".mc-section-specs dl.mc-fields");
  const rows = [...specs.querySelectorAll(":scope > dt")].map((dt) =>
    Math.abs(dt.getBoundingClientRect().top - dt.nextElementSibling.getBoundingClientRect().top));
  const table = document.querySelector("table.mc-benchmarks").getBoundingClientRect().left;
  const notes = [...document.querySelectorAll("p.mc-analysis")]
    .map((p) => p.getBoundingClientRect().left);
  return { rows, table, notes };
}"""


def _fetch(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url) as response:
        return str(response.read().decode("utf-8"))


def test_profile_specs_side_by_side_and_benchmarks_aligned(demo: tuple[str, list[str]]) -> None:
    from playwright.sync_api import sync_playwright

    base, pages = demo
    profiles = [p for p in pages if p.startswith("catalog/models/")]
    with_notes = [p for p in profiles if "mc-analysis" in _fetch(f"{base}/{p}")][:3]
    assert with_notes
    profiles = with_notes
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(find_chromium()[0]), args=LAUNCH_ARGS
        )
        for width in (1280, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for name in profiles:
                page.goto(f"{base}/{name}")
                found = page.evaluate(PROFILE_JS)
                assert found["rows"] and max(found["rows"]) < 4, (name, width, found)
                assert all(abs(left - found["table"]) < 1 for left in found["notes"]), found
        browser.close()
