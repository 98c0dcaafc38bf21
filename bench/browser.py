"""Browser benchmark: how fast a leaderboard of N rows sorts and filters in Chromium.

For each N, a synthetic catalog (``generate.make_catalog``) is built with the
extension into one page holding one leaderboard over every model, then opened in
headless Chromium (Playwright). Timed, median of ``--runs`` repetitions:

- sort: from the click on a header to the next frame painted with the rows
  sorted (``requestAnimationFrame`` then a task: the frame has been produced);
- filter: from one keystroke in the search box to the filtered rows painted;
- an empty frame timed the same way: the floor of both on the machine at the time.

The HTML size of the page's table is recorded too. Results go to
``bench/results/browser.json`` and ``browser.rst`` (``--results``). Run by hand::

    python bench/browser.py --sizes 1000 3000 10000 --runs 7
"""

from __future__ import annotations

import argparse
import datetime
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import generate

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("MODELCARDS_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
SORT_KEYS = ("released", "name", "parameters_b", "mmlu")
COLUMNS = "rank, name, lab, parameters_b, training_tokens_b, alscore, mmlu, released, access"

PAGE = """Leaderboard
===========

.. leaderboard::
   :columns: {columns}
   :sort: -alscore
   :name: big
"""

#: Click a header; time to the handler's end and to the next painted frame.
SORT_JS = """async ([key]) => {
  const button = document.querySelector(`table#big th.mc-col-${key} button`);
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  await frame();
  const start = performance.now();
  button.click();
  const handler = performance.now() - start;
  await frame();
  return { handler, painted: performance.now() - start };
}"""

#: Type one character into the search box (an input event), timed the same way.
FILTER_JS = """async ([text]) => {
  const input = document.querySelector("input.mc-lb-search");
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  await frame();
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  const handler = performance.now() - start;
  await frame();
  return { handler, painted: performance.now() - start };
}"""

#: An empty frame, timed the same way: the floor under the figures above on this machine.
FRAME_JS = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  await frame();
  const start = performance.now();
  await frame();
  return performance.now() - start;
}"""

#: Words typed one key at a time; each prefix is one timed keystroke.
TYPED = ("mod", "7")


def build(n: int, out: Path) -> Path:
    """Build the one-page project for ``n`` models; return the HTML file."""
    catalog = generate.make_catalog(n)
    files = generate.project_files("modelcards", catalog, charts=False)
    files["index.rst"] = PAGE.format(columns=COLUMNS)
    files["conf.py"] += "modelcards_generate = False\n"
    source = out / f"src-{n}"
    if source.exists():
        shutil.rmtree(source)
    generate.sync_files(source, files)
    html = out / f"html-{n}"
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(html)]
    subprocess.run(command, check=True)
    return html / "index.html"


def table_bytes(page: Path) -> int:
    """Bytes of the leaderboard's HTML: the table and its JSON island, if any."""
    text = page.read_text(encoding="utf-8")
    match = re.search(r"<table[^>]*id=\"big\".*?</table>", text, re.S)
    island = re.search(r"<script[^>]*data-for=\"big\">.*?</script>", text, re.S)
    size = len(match.group(0).encode()) if match else len(text.encode())
    return size + (len(island.group(0).encode()) if island else 0)


def measure(url: str, runs: int) -> dict[str, Any]:
    """Median sort and keystroke times (ms) for the page at ``url``."""
    from playwright.sync_api import sync_playwright

    sort_times: list[float] = []
    filter_times: list[float] = []
    frame_times: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            page.wait_for_selector("table#big.mc-enhanced")
            page.wait_for_timeout(1000)
            for _ in range(runs):
                sort_times.extend(page.evaluate(SORT_JS, [key])["painted"] for key in SORT_KEYS)
                frame_times.extend(page.evaluate(FRAME_JS) for _ in SORT_KEYS)
                typed = ""
                for word in TYPED:
                    for char in word:
                        typed += char
                        filter_times.append(page.evaluate(FILTER_JS, [typed])["painted"])
                    typed += " "
                page.evaluate(FILTER_JS, [""])
            if errors:
                raise RuntimeError(f"errors in the page: {errors}")
        finally:
            browser.close()
    return {
        "sort_ms": round(statistics.median(sort_times), 1),
        "sort_max_ms": round(max(sort_times), 1),
        "filter_ms": round(statistics.median(filter_times), 1),
        "filter_max_ms": round(max(filter_times), 1),
        "frame_ms": round(statistics.median(frame_times), 1),
        "samples": {"sort": len(sort_times), "filter": len(filter_times)},
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``root`` on a free port of 127.0.0.1."""
    handler = partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def render_rst(rows: list[dict[str, Any]]) -> str:
    """The results as a list-table for the docs."""
    lines = [
        ".. list-table:: Leaderboard in Chromium (median ms, headless, 1280 px)",
        "   :header-rows: 1",
        "",
        "   * - Rows",
        "     - Sort, painted",
        "     - Keystroke, painted",
        "     - Empty frame",
        "     - Table HTML",
    ]
    for row in rows:
        lines += [
            f"   * - {row['n']:,}",
            f"     - {row['sort_ms']:.0f} (max {row['sort_max_ms']:.0f})",
            f"     - {row['filter_ms']:.0f} (max {row['filter_max_ms']:.0f})",
            f"     - {row['frame_ms']:.0f}",
            f"     - {row['table_bytes'] / 1e6:.2f} MB",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build, measure and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "browser")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    server, base = serve(args.out)
    try:
        for n in args.sizes:
            page = build(n, args.out)
            row = {"n": n, "table_bytes": table_bytes(page)}
            row.update(measure(f"{base}/{page.parent.name}/index.html", args.runs))
            print(json.dumps(row))
            rows.append(row)
    finally:
        server.shutdown()
        server.server_close()
    results = {
        "environment": {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "command": "python bench/browser.py " + " ".join(argv or sys.argv[1:]),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": list(os.getloadavg()),
            "runs": args.runs,
        },
        "rows": rows,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "browser.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    (args.results / "browser.rst").write_text(render_rst(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
