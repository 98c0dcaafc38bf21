"""Comparing models in a real browser: tick rows, press Compare, share the link.

The compare page fetches ``modelcards.json``, so the site is served over HTTP (the
fixtures of :mod:`test_browser`); without Chromium or Playwright the tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_browser import Pages, Sites, browser, pages, sites  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

#: The compare page's table: header names and rows (label -> cells).
TABLE_JS = """() => {
  const table = document.querySelector(".mc-compare-app table");
  if (!table) return null;
  const names = [...table.tHead.rows[0].cells].slice(1).map((th) => th.textContent.trim());
  const links = [...table.tHead.querySelectorAll("a")].map((a) => a.href);
  const rows = Object.fromEntries([...table.tBodies[0].rows].map((tr) =>
    [tr.cells[0].textContent.trim(), [...tr.cells].slice(1).map((td) => td.textContent.trim())]));
  const best = [...table.querySelectorAll("strong.mc-best")].map((s) => s.textContent);
  return { names, links, rows, best };
}"""


def _models(out: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((out / "modelcards.json").read_text(encoding="utf-8"))
    return {model["id"]: model for model in data["models"]}


def _read_table(page: Any) -> dict[str, Any]:
    page.wait_for_selector(".mc-compare-app table", timeout=5000)
    table = page.evaluate(TABLE_JS)
    assert table is not None
    return dict(table)


def test_tick_two_rows_and_compare(sites: Sites, pages: Pages) -> None:  # noqa: F811
    """Two ticked rows open the compare page with their ids, which shows both models."""
    base = sites.theme("alabaster")
    models = _models(sites.built["alabaster"])
    page = pages.open(f"{base}catalog/all-models.html")
    button = page.locator("button.mc-compare-go")
    assert button.text_content() == "Compare (0)"
    assert button.is_disabled()
    page.get_by_label("Compare Acme Titan").check()
    assert button.is_disabled()  # one model is no comparison
    page.get_by_label("Compare Borealis 70B").check()
    assert button.text_content() == "Compare (2)"
    assert button.is_enabled()
    button.click()
    page.wait_for_url("**/catalog/compare.html#ids=*", timeout=5000)
    assert page.url.endswith("catalog/compare.html#ids=acme-titan,borealis-70b")
    table = _read_table(page)
    assert table["names"] == ["Acme Titan", "Borealis 70B"]
    assert table["links"][0].endswith("/catalog/models/acme-titan.html")
    titan, borealis = models["acme-titan"], models["borealis-70b"]
    assert table["rows"]["Lab"] == [titan["lab"]["name"], borealis["lab"]["name"]]
    mmlu = table["rows"]["MMLU"]
    assert str(titan["benchmarks"]["mmlu"]) in mmlu[0]
    best = max(titan["benchmarks"]["mmlu"], borealis["benchmarks"]["mmlu"])
    assert f"{best:.1f}" in table["best"]


def test_shared_link_renders_the_same(sites: Sites, pages: Pages) -> None:  # noqa: F811
    """A compare URL opened afresh shows the same table; unknown ids are named."""
    base = sites.theme("alabaster")
    url = f"{base}catalog/compare.html#ids=acme-titan,borealis-70b"
    first = _read_table(pages.open(url))
    again = _read_table(pages.open(url))
    assert first == again
    assert first["names"] == ["Acme Titan", "Borealis 70B"]
    page = pages.open(f"{base}catalog/compare.html#ids=acme-titan,no-such-model")
    table = _read_table(page)
    assert table["names"] == ["Acme Titan"]
    assert "no-such-model" in page.locator(".mc-compare-unknown").text_content()


def test_without_script_the_page_explains(sites: Sites, pages: Pages) -> None:  # noqa: F811
    """Without JavaScript the page says what it is for and links the directive's docs."""
    base = sites.theme("alabaster")
    page = pages.open(f"{base}catalog/compare.html#ids=acme-titan", js=False)
    intro = page.locator(".mc-compare-intro")
    assert "Compare" in intro.text_content()
    assert "modelcompare" in intro.locator("a").get_attribute("href")
    assert page.locator(".mc-compare-app table").count() == 0
