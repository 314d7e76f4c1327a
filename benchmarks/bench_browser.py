"""The interactive paper list in a real browser: page load and search speed.

    .venv/bin/python benchmarks/bench_browser.py [--entries 2000] [--keys 30] [--loads 3]

Builds a site whose page is ``{{ papers(group_by="year", interactive=True) }}`` over a
generated bibliography (benchmarks/generate.py, with keywords added), serves it on
127.0.0.1 and opens it in headless Chromium (Debian's, as the tests do; LABSITE_CHROMIUM
names another). Prints, as medians:
  - page load: DOMContentLoaded, the load event, and the controls ready (the
    "labsite:enhanced" measure of labsite.js, whose own time is shown too);
  - per keystroke in the search box, measured in the page with performance.now() from
    the keydown: the script's work (until the input event has been handled) and the
    updated list on screen (the frame after it has been laid out and painted: a
    requestAnimationFrame callback, then a task after it). Target: under 50 ms;
  - the same for a facet checkbox click.
Exit code 1 when the median keystroke is over the target.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

TARGET_MS = 50.0
CONFIG = """\
site_name: Bench
site_url: https://example.org/
theme:
  name: material
  font: false
  features: [navigation.instant, content.code.copy]
markdown_extensions: [footnotes, attr_list, md_in_html, pymdownx.superfences]
plugins:
  - search
  - macros:
      modules: ["labsite:labsite.macros"]
  - labsite:
      bib_files: [bib/papers.bib]
      paper_pages: false
      exports: false
nav:
  - index.md
"""
KEYWORDS = ["sampling", "optimization", "deep-learning-theory", "robustness",
            "physics-informed-ml", "sustainable-ai", "biodiversity", "physics"]  # fmt: skip
# Typed one key at a time: words that narrow the list, Backspaces that widen it again
# (down to the empty box, when every entry shows).
KEYS = list("stochastic") + ["Backspace"] * 10 + list("graph") + ["Backspace"] * 5

# Installed before the page's scripts: times each keystroke in the search box (from its
# keydown) and each facet click (from its pointerdown) to the input or change event
# handled ("script": labsite.js has updated the DOM) and to the frame after it painted.
PROBE = """
(function () {
  var pending = null;
  window.__bench = [];
  function start(kind) {
    pending = {kind: kind, start: performance.now()};
  }
  function handled() {
    var record = pending;
    if (!record || record.script !== undefined) return;
    record.script = performance.now() - record.start;
    requestAnimationFrame(function () {
      record.frame = performance.now() - record.start;
      setTimeout(function () {
        record.painted = performance.now() - record.start;
        window.__bench.push(record);
      }, 0);
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches("[data-filter-search]")) start("key");
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest(".labsite-option")) start("click");
  }, true);
  // On window, in the bubbling phase: after labsite.js's own listeners.
  window.addEventListener("input", handled);
  window.addEventListener("change", handled);
})();
"""


def with_keywords(bib: str, seed: int = 7) -> str:
    """generate() writes no keywords: add one to three to each entry."""
    rng = random.Random(seed)

    def add(match: re.Match[str]) -> str:
        words = ", ".join(rng.sample(KEYWORDS, rng.randint(1, 3)))
        return f"  keywords = {{{words}}},\n{match.group(0)}"

    return re.sub(r"^  abstract = ", add, bib, flags=re.MULTILINE)


def build_site(root: Path, entries: int) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "bib").mkdir()
    (root / "bib" / "papers.bib").write_text(with_keywords(generate(entries)), encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        '# Papers\n\n{{ papers(group_by="year", interactive=True) }}\n', encoding="utf-8"
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                   check=True)  # fmt: skip
    if not (root / "site" / "assets" / "labsite" / "labsite.js").is_file():
        sys.exit("assets/labsite/labsite.js is not in the built site: the plugin must write it")
    return root / "site"


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def load_times(browser, url: str, loads: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {"dom": [], "load": [], "enhanced": [], "script": []}
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function("performance.getEntriesByName('labsite:enhanced').length > 0")
        timing = page.evaluate(
            """() => {
              const nav = performance.getEntriesByType("navigation")[0];
              const run = performance.getEntriesByName("labsite:enhanced")[0];
              return {dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                      enhanced: run.startTime + run.duration, script: run.duration};
            }"""
        )
        for key in samples:
            samples[key].append(timing[key])
        context.close()
    return {key: statistics.median(values) for key, values in samples.items()}


def interaction_times(browser, url: str, keys: list[str]) -> tuple[list[dict], list[dict], int]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PROBE)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector("[data-labsite-ready]", state="attached")
    total = page.locator("li.labsite-paper").count()
    box = page.locator("[data-filter-search]")
    box.focus()
    for count, key in enumerate(keys, start=1):
        page.keyboard.press(key)
        page.wait_for_function(f"window.__bench.length >= {count}")
    typed = page.evaluate("window.__bench.slice()")
    # Facet clicks: open "Keyword" and tick, then untick, its first values.
    page.locator("[data-facet-toggle=keyword]").click()
    options = page.locator("[data-facet=keyword] .labsite-option")
    for clicks, index in enumerate([0, 1, 2, 0, 1, 2], start=1):
        options.nth(index).click()
        page.wait_for_function(f"window.__bench.length >= {len(keys) + clicks}")
    clicked = page.evaluate(f"window.__bench.slice({len(keys)})")
    context.close()
    return typed, clicked, total


def summary(records: list[dict], field: str) -> str:
    values = sorted(r[field] for r in records if field in r)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return f"median {statistics.median(values):6.1f}  p90 {p90:6.1f}  max {values[-1]:6.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=len(KEYS), help="keystrokes (<= 30)")
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    executable = os.environ.get("LABSITE_CHROMIUM", "/usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp) / "bench", args.entries)
        size = (site / "index.html").stat().st_size
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )  # fmt: skip
            try:
                loads = load_times(browser, base, args.loads)
                typed, clicked, total = interaction_times(browser, base, KEYS[: args.keys])
            finally:
                browser.close()

    median = statistics.median(r["painted"] for r in typed)
    print(f"{total} entries on one page ({size / 1e6:.1f} MB of HTML), headless Chromium, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"page load (median of {args.loads}, ms from navigation start):")
    print(f"  DOMContentLoaded {loads['dom']:6.0f}   load event {loads['load']:6.0f}")
    print(
        f"  controls ready   {loads['enhanced']:6.0f}   (labsite.js itself: {loads['script']:.0f})"
    )
    print(f"search box, {len(typed)} keystrokes (ms from keydown):")
    print(f"  script done     {summary(typed, 'script')}")
    print(f"  list on screen  {summary(typed, 'painted')}")
    print(f"facet checkbox, {len(clicked)} clicks (ms from pointerdown):")
    print(f"  list on screen  {summary(clicked, 'painted')}")
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(f"keystroke to updated list: {median:.1f} ms median (target < {TARGET_MS:.0f} ms): "
          f"{verdict}")  # fmt: skip
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
