"""labsite against mkdocs-bibtex, pandoc --citeproc and bibtex2html, at scale.

    .venv/bin/python benchmarks/bench_compare.py [--sizes 100,1000,10000,50000] [--write]

Generates seeded BibTeX files (benchmarks/generate.py; cached in benchmarks/.data/)
and measures, on the same files in the same run, each in a child process (wall time
including interpreter start-up, and the child's peak memory):

- labsite load (.bib to papers), cold (empty cache folder) and with the parsed
  bibliography cached on disk by an earlier run;
- labsite load + render of one page listing every entry, cold and cached;
- the full ``mkdocs build`` of a Material site with that list page and a page per
  paper (exports on), cold;
- mkdocs-bibtex rendering the file as a full bibliography (``\\full_bibliography``);
- pandoc --citeproc and bibtex2html rendering the file to HTML;
- what a paper page costs against an ordinary Markdown page (at --page-cost-size);
- instant edits: the rebuild after editing one Markdown page, under MkDocs' own
  rebuild path (what ``mkdocs serve`` runs: a new config from ``load_config``, the
  plugins that have ``on_startup`` kept, ``build(config, serve_url=...)``), with the
  --edit-size bibliography against an empty one.

Prints Markdown tables (times, then the targets with PASS/MISS); ``--write`` also
writes them, with the machine, into benchmarks/RESULTS.md (between markers, so that
the notes around them are kept). External tools that are missing are reported with
how to install them. A benchmark, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / ".data"
RESULTS = HERE / "RESULTS.md"
BEGIN = "<!-- bench_compare: begin -->"
END = "<!-- bench_compare: end -->"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")

LABSITE_CONFIG = """\
site_name: Bench
site_url: https://example.org/
theme:
  name: material
  font: false
markdown_extensions: [footnotes, attr_list, md_in_html]
plugins:
  - search
  - macros:
      modules: ["labsite:labsite.macros"]
  - labsite:
      bib_files: [bib/papers.bib]
      paper_pages: {pages}
      exports: {exports}
nav:
  - index.md
{nav}"""

MKDOCS_BIBTEX_CONFIG = """\
site_name: Bench
theme:
  name: material
  font: false
markdown_extensions: [footnotes]
plugins:
  - search
  - bibtex:
      bib_file: bib/papers.bib
"""

PANDOC_INPUT = "---\ntitle: Bibliography\nnocite: |\n  @*\n---\n"

NOTE = "Some words of an ordinary page, with a [link](index.md) and *emphasis*. " * 25


# -- child processes ----------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float
    output: str = ""
    error: str = ""


# GNU time reports the peak memory of the command alone. (The rusage of a child forked
# from this process starts from this process's own high-water mark.)
GNU_TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


def run(command: Sequence[str], cwd: Path | None = None, timeout: float = 3600) -> Run:
    """Run a command; wall time and the child's peak resident memory."""
    handle, rss_file = tempfile.mkstemp(prefix="bench-rss-")
    os.close(handle)
    if GNU_TIME:
        command = [GNU_TIME, "-f", "%M", "-o", rss_file, *command]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=ENV, stdout=out, stderr=err, start_new_session=True
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, 9)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss_kb = float(usage.ru_maxrss)  # without GNU time: an upper bound
        with contextlib.suppress(OSError, ValueError, IndexError):
            rss_kb = float(Path(rss_file).read_text().split()[-1])
        Path(rss_file).unlink(missing_ok=True)
        result = Run(seconds, rss_kb / 1024, out.read().decode(errors="replace"))
        if process.returncode != 0:
            result.error = err.read().decode(errors="replace")[-2000:] or "failed"
    return result


def child_engine(mode: str, bib: str, cache: str) -> None:
    """In a child: load (and render the list page of) one .bib file."""
    sys.path.insert(0, str(REPO / "plugins"))
    from labsite.bib.bibliography import load_bibliography
    from labsite.bib.query import group_papers, sort_papers
    from labsite.export.bibtex import to_bibtex_entry
    from labsite.paths import page_url, slugs
    from labsite.render.renderer import Renderer
    from labsite.settings import Settings

    root = Path(cache).parent
    settings = Settings(root=root, bib_files=(bib,))
    bibliography = load_bibliography(settings.bib_paths(), Path(cache))
    if mode == "list":
        table = slugs(p.key for p in bibliography.papers)
        renderer = Renderer(
            settings,
            paper_url=lambda paper: page_url(table[paper.key], settings.papers_dir),
            bibtex=to_bibtex_entry,
        )
        groups = group_papers(sort_papers(bibliography.papers, by="year"), None)
        html = renderer.render_list(groups, url_prefix="")
        assert html.count('<li class="labsite-paper"') == len(bibliography.papers)
    print(len(bibliography.papers))


# Seconds between two saved edits in the instant-edit measure.
PAUSE_BETWEEN_SAVES = 1.5


def child_rebuild(root: str, runs: int) -> None:
    """In a child: build a site as ``mkdocs serve`` does, then edit one Markdown page
    and rebuild ``runs`` times, with a pause between saves as when a person edits (the
    server collects the previous rebuild's garbage a second after it, see
    serve_on_demand.collect_soon); prints the times as JSON."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = tempfile.mkdtemp(prefix="bench-serve-")
    config_file = str(Path(root) / "mkdocs.yml")
    serve_url = "http://127.0.0.1:8000/"

    def get_config():  # as mkdocs.commands.serve.serve's get_config
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    started = time.perf_counter()
    build(config, serve_url=serve_url)
    first = time.perf_counter() - started
    page = Path(root) / "docs" / "notes" / "note-0.md"
    times = []
    for index in range(runs):
        time.sleep(PAUSE_BETWEEN_SAVES)
        with page.open("a", encoding="utf-8") as stream:
            stream.write(f"\nEdit {index}.\n")
        started = time.perf_counter()
        build(get_config(), serve_url=serve_url)  # serve's builder() after a change
        times.append(time.perf_counter() - started)
    config.plugins.on_shutdown()
    shutil.rmtree(site_dir, ignore_errors=True)
    print(json.dumps({"first": first, "rebuilds": times}))


# -- inputs --------------------------------------------------------------------------


def bib_file(count: int, seed: int) -> Path:
    sys.path.insert(0, str(HERE))
    from generate import entry

    DATA.mkdir(exist_ok=True)
    path = DATA / f"papers-{count}-{seed}.bib"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        rng = random.Random(seed)
        with tmp.open("w", encoding="utf-8") as stream:  # generate(count, seed), bit by bit
            for index in range(count):
                stream.write(("\n" if index else "") + entry(index, rng))
        tmp.replace(path)
    return path


def labsite_site(
    root: Path,
    bib: Path | None,
    *,
    pages: bool = True,
    exports: bool = True,
    notes: int = 0,
    markdown_pages: int = 0,
) -> Path:
    """A Material site: a list of every entry on index.md, ``notes`` Markdown pages in
    the nav and ``markdown_pages`` more outside it."""
    if root.exists():
        shutil.rmtree(root)
    (root / "docs" / "notes").mkdir(parents=True)
    (root / "bib").mkdir()
    if bib is None:
        (root / "bib" / "papers.bib").write_text("", encoding="utf-8")
    else:
        shutil.copyfile(bib, root / "bib" / "papers.bib")
    nav = "".join(f"  - notes/note-{i}.md\n" for i in range(notes))
    (root / "mkdocs.yml").write_text(
        LABSITE_CONFIG.format(pages=str(pages).lower(), exports=str(exports).lower(), nav=nav),
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text("# Papers\n\n{{ papers() }}\n", encoding="utf-8")
    for i in range(notes):
        (root / "docs" / "notes" / f"note-{i}.md").write_text(
            f"# Note {i}\n\n## Part\n\n{NOTE}\n", encoding="utf-8"
        )
    for i in range(markdown_pages):
        (root / "docs" / f"page{i}.md").write_text(
            f"# Paper {i}\n\nAuthors, venue and year.\n\n## Abstract\n\n{NOTE}\n",
            encoding="utf-8",
        )
    return root


def mkdocs_build(root: Path, *, fresh: bool = True, keep: bool = False) -> Run:
    """``mkdocs build`` of the site in ``root``: ``fresh``, from an empty cache and no
    site folder (else with what the last build left, as a user's next build has);
    ``keep``, the site folder is left for the next build."""
    out = root / "site"
    if fresh:
        shutil.rmtree(root / ".labsite-cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    result = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=root)
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return result


# -- measures ------------------------------------------------------------------------


def missing(tool: str) -> str | None:
    """How to install a missing tool, or None."""
    if tool == "mkdocs-bibtex":
        try:
            importlib.metadata.version("mkdocs-bibtex")
        except importlib.metadata.PackageNotFoundError:
            return "not installed: `.venv/bin/pip install mkdocs-bibtex` (a dev dependency)"
        return None
    if tool == "pandoc" and shutil.which("pandoc") is None:
        return "not installed: `apt-get install pandoc`"
    if tool == "bibtex2html":
        for program in ("bibtex2html", "bibtex"):
            if shutil.which(program) is None:
                return f"not installed ({program}): `apt-get install bibtex2html`"
    return None


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.results: dict[tuple[str, int], Run | str] = {}

    def best(self, measure: str, size: int, make: object, runs: int | None = None) -> None:
        """Best of ``runs`` (time), highest peak memory; a string when skipped/failed."""
        attempts: list[Run] = []
        for _ in range(runs or self.args.runs):
            result = make()  # type: ignore[operator]
            if result.error:
                print(f"  {measure} at {size}: FAILED\n{result.error}", file=sys.stderr)
                self.results[(measure, size)] = "failed"
                return
            attempts.append(result)
        best = min(attempts, key=lambda r: r.seconds)
        best.rss_mb = max(r.rss_mb for r in attempts)
        self.results[(measure, size)] = best
        print(
            f"  {measure:<28} {size:>6}: {best.seconds:8.2f} s  {best.rss_mb:7.0f} MB",
            file=sys.stderr,
        )

    def engine(self, size: int, bib: Path) -> None:
        me = [sys.executable, str(Path(__file__).resolve()), "--child"]
        for mode in ("load", "list"):
            cache = self.work / f"cache-{mode}-{size}" / ".labsite-cache"

            def cold(mode: str = mode, cache: Path = cache) -> Run:
                shutil.rmtree(cache, ignore_errors=True)
                return run([*me, mode, str(bib), str(cache)])

            def warm(mode: str = mode, cache: Path = cache) -> Run:
                return run([*me, mode, str(bib), str(cache)])

            self.best(f"labsite {mode} cold", size, cold)
            self.best(f"labsite {mode} cached", size, warm)

    def build(self, size: int, bib: Path) -> None:
        if size > self.args.build_max:
            self.results[("labsite mkdocs build", size)] = (
                f"skipped (> --build-max {self.args.build_max})"
            )
            return
        root = labsite_site(self.work / f"site-{size}", bib, notes=5)

        # Cold: an empty .labsite-cache/ and no site folder. Warm: the cache and the
        # site folder that build left, nothing edited (a user's next build).
        self.best("labsite mkdocs build", size, lambda: mkdocs_build(root, keep=True), runs=1)
        self.best(
            "labsite mkdocs build warm", size, lambda: mkdocs_build(root, fresh=False), runs=1
        )
        shutil.rmtree(root, ignore_errors=True)

    def external(self, size: int, bib: Path) -> None:
        for tool in ("mkdocs-bibtex", "pandoc", "bibtex2html"):
            name = tool
            reason = missing(tool)
            if reason:
                self.results[(name, size)] = reason
                continue
            if size > self.args.external_max:
                self.results[(name, size)] = f"skipped (> --external-max {self.args.external_max})"
                continue
            folder = self.work / f"{tool}-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            if tool == "mkdocs-bibtex":
                (folder / "docs").mkdir()
                (folder / "bib").mkdir()
                shutil.copyfile(bib, folder / "bib" / "papers.bib")
                (folder / "mkdocs.yml").write_text(MKDOCS_BIBTEX_CONFIG, encoding="utf-8")
                (folder / "docs" / "index.md").write_text(
                    "# Bibliography\n\n\\full_bibliography\n", encoding="utf-8"
                )
                command = [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "-q",
                    "-d",
                    str(folder / "site"),
                ]
            elif tool == "pandoc":
                (folder / "input.md").write_text(PANDOC_INPUT, encoding="utf-8")
                command = [
                    "pandoc",
                    "--citeproc",
                    f"--bibliography={bib}",
                    "-s",
                    "-f",
                    "markdown",
                    "-t",
                    "html",
                    "-o",
                    str(folder / "out.html"),
                    str(folder / "input.md"),
                ]
            else:
                command = [
                    "bibtex2html",
                    "-q",
                    "-nodoc",
                    "-nobibsource",
                    "-o",
                    str(folder / "out"),
                    str(bib),
                ]
            self.best(
                name, size, lambda command=command, folder=folder: run(command, cwd=folder), runs=1
            )
            shutil.rmtree(folder, ignore_errors=True)

    def page_cost(self, size: int, bib: Path) -> None:
        """ms per paper page and per Markdown page: (B - A) / n and (C - A) / n."""
        roots = {
            "A": labsite_site(self.work / "cost-a", bib, pages=False, exports=False),
            "B": labsite_site(self.work / "cost-b", bib, pages=True, exports=False),
            "C": labsite_site(
                self.work / "cost-c", bib, pages=False, exports=False, markdown_pages=size
            ),
        }
        for name, root in roots.items():
            self.best(f"page cost site {name}", size, lambda root=root: mkdocs_build(root))
            shutil.rmtree(root, ignore_errors=True)

    def edit(self, size: int, bib: Path) -> None:
        me = [sys.executable, str(Path(__file__).resolve()), "--child", "rebuild"]
        for label, source in (("full", bib), ("empty", None)):
            root = labsite_site(self.work / f"edit-{label}", source, notes=20)
            result = run([*me, str(root), str(max(self.args.runs, 5))])
            if result.error:
                print(f"  rebuild ({label}) FAILED\n{result.error}", file=sys.stderr)
                self.results[(f"rebuild {label}", size)] = "failed"
                continue
            data = json.loads(result.output.strip().splitlines()[-1])
            result.seconds = statistics.median(data["rebuilds"])
            self.results[(f"rebuild {label}", size)] = result
            print(
                f"  rebuild {label:<20} {size:>6}: {result.seconds:8.2f} s (first build "
                f"{data['first']:.2f} s)",
                file=sys.stderr,
            )
            shutil.rmtree(root, ignore_errors=True)


# -- report --------------------------------------------------------------------------

ROWS = (
    ("labsite load cold", "labsite: load, cold"),
    ("labsite load cached", "labsite: load, cached"),
    ("labsite list cold", "labsite: list page, cold"),
    ("labsite list cached", "labsite: list page, cached"),
    ("labsite mkdocs build", "labsite: full `mkdocs build` (list + paper pages), cold"),
    ("labsite mkdocs build warm", "labsite: full `mkdocs build`, warm (cache kept)"),
    ("mkdocs-bibtex", "mkdocs-bibtex: `\\full_bibliography`"),
    ("pandoc", "pandoc --citeproc"),
    ("bibtex2html", "bibtex2html"),
)


def _cell(value: Run | str | None, memory: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value.rss_mb:,.0f} MB" if memory else f"{value.seconds:,.2f} s"


def _seconds(bench: Bench, measure: str, size: int) -> float | None:
    value = bench.results.get((measure, size))
    return value.seconds if isinstance(value, Run) else None


def report(bench: Bench, sizes: Sequence[int], sizes_mb: dict[int, float]) -> str:
    lines = [
        "| | " + " | ".join(f"{s:,} entries ({sizes_mb[s]:.1f} MB)" for s in sizes) + " |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    for measure, label in ROWS:
        lines.append(
            f"| {label} | "
            + " | ".join(_cell(bench.results.get((measure, s))) for s in sizes)
            + " |"
        )
    for measure, label in ROWS:
        lines.append(
            f"| {label}: peak memory | "
            + " | ".join(_cell(bench.results.get((measure, s)), memory=True) for s in sizes)
            + " |"
        )
    out = ["### Times (wall, child process, best of the runs) and peak memory", "", *lines, ""]

    cost_size = bench.args.page_cost_size
    a, b, c = (_seconds(bench, f"page cost site {x}", cost_size) for x in "ABC")
    paper_ms = markdown_ms = None
    if a is not None and b is not None and c is not None:
        paper_ms = (b - a) / cost_size * 1000
        markdown_ms = (c - a) / cost_size * 1000
        out += [
            f"Page cost at {cost_size:,} entries: list only (A) {a:.2f} s; with a page per "
            f"paper (B) {b:.2f} s; A plus {cost_size:,} Markdown pages (C) {c:.2f} s: "
            f"**{paper_ms:.2f} ms per paper page, {markdown_ms:.2f} ms per Markdown page**.",
            "",
        ]
    edit_size = bench.args.edit_size
    full = _seconds(bench, "rebuild full", edit_size)
    empty = _seconds(bench, "rebuild empty", edit_size)
    if full is not None and empty is not None:
        out += [
            f"Instant edit (MkDocs' rebuild path, median): one Markdown page edited, "
            f"{edit_size:,}-entry bibliography {full:.2f} s, empty bibliography "
            f"{empty:.2f} s.",
            "",
        ]

    out += [
        "### Targets",
        "",
        "| target | measured | ratio | goal | result |",
        "| --- | --- | ---: | ---: | --- |",
    ]

    def target(
        name: str,
        measured: str,
        ratio: float | None,
        goal: float,
        *,
        lower: bool = True,
        fmt: str = "{:.2f}",
    ) -> None:
        if ratio is None:
            out.append(f"| {name} | not measured | | {fmt.format(goal)} | – |")
            return
        ok = ratio <= goal if lower else ratio >= goal
        out.append(
            f"| {name} | {measured} | {fmt.format(ratio)} | "
            f"{'≤' if lower else '≥'} {fmt.format(goal)} | {'PASS' if ok else 'MISS'} |"
        )

    t = 10_000 if 10_000 in sizes else max(sizes)
    mb = _seconds(bench, "mkdocs-bibtex", t)
    for measure, kind, goal in (
        ("labsite mkdocs build warm", "warm", 5.0),
        ("labsite mkdocs build", "cold", 2.0),
    ):
        build = _seconds(bench, measure, t)
        target(
            f"full build {kind} vs mkdocs-bibtex at {t:,} (speed-up)",
            f"{build:.2f} s vs {mb:.2f} s" if build and mb else "",
            mb / build if build and mb else None,
            goal,
            lower=False,
        )
    b2h = _seconds(bench, "bibtex2html", t)
    for kind, goal in (("cold", 2.0),):
        listed = _seconds(bench, f"labsite list {kind}", t)
        target(
            f"list page {kind} / bibtex2html at {t:,}",
            f"{listed:.2f} s vs {b2h:.2f} s" if listed and b2h else "",
            listed / b2h if listed and b2h else None,
            goal,
        )
    target(
        f"paper page / Markdown page (ms per page, at {cost_size:,})",
        f"{paper_ms:.2f} ms vs {markdown_ms:.2f} ms"
        if paper_ms is not None and markdown_ms
        else "",
        paper_ms / markdown_ms if paper_ms is not None and markdown_ms else None,
        1.0,
    )
    if 50_000 in sizes and 10_000 in sizes:
        for measure, label in (
            ("labsite load cold", "load cold"),
            ("labsite list cold", "list page cold"),
            ("labsite mkdocs build", "full build"),
        ):
            big, small = _seconds(bench, measure, 50_000), _seconds(bench, measure, 10_000)
            target(
                f"linear: {label} 50k / 10k",
                f"{big:.2f} s / {small:.2f} s" if big and small else "",
                big / small if big and small else None,
                5.5,
            )
        peak = max(
            (
                r.rss_mb
                for (m, s), r in bench.results.items()
                if s == 50_000 and m.startswith("labsite") and isinstance(r, Run)
            ),
            default=None,
        )
        target(
            "peak memory at 50k (GB, any labsite measure)",
            f"{peak / 1024:.2f} GB" if peak else "",
            peak / 1024 if peak else None,
            1.0,
        )
    target(
        f"instant edit: rebuild {edit_size:,} entries / empty bib",
        f"{full:.2f} s vs {empty:.2f} s" if full and empty else "",
        full / empty if full and empty else None,
        1.2,
    )
    return "\n".join(out) + "\n"


def _version(command: Sequence[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "?"


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return (
        f"Machine: {os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; mkdocs {version('mkdocs')}, mkdocs-material "
        f"{version('mkdocs-material')}, mkdocs-bibtex {version('mkdocs-bibtex')}, bibtexparser "
        f"{version('bibtexparser')}, pylatexenc {version('pylatexenc')}; "
        f"{_version(['pandoc', '--version'])}; {_version(['bibtex2html', '-version'])}."
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        if sys.argv[2] == "rebuild":
            child_rebuild(sys.argv[3], int(sys.argv[4]))
        else:
            child_engine(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100,1000,10000,50000",
        help="entry counts, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of the engine measures (best)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--external-max",
        type=int,
        default=10_000,
        help="largest size for mkdocs-bibtex and pandoc (minutes and GBs beyond)",
    )
    parser.add_argument(
        "--build-max", type=int, default=50_000, help="largest size for the full mkdocs build"
    )
    parser.add_argument(
        "--page-cost-size",
        type=int,
        default=1000,
        help="entries for the paper page / Markdown page cost (0: skip)",
    )
    parser.add_argument(
        "--edit-size",
        type=int,
        default=10_000,
        help="bibliography size for the instant-edit rebuild (0: skip)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated subset of: engine,build,external,pages,edit"
    )
    parser.add_argument("--write", action="store_true", help="also write benchmarks/RESULTS.md")
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    parts = only or {"engine", "build", "external", "pages", "edit"}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="labsite-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        sizes_mb = {}
        for size in sizes:
            bib = bib_file(size, args.seed)
            sizes_mb[size] = bib.stat().st_size / 1e6
            print(f"{size} entries ({sizes_mb[size]:.1f} MB)", file=sys.stderr)
            if "engine" in parts:
                bench.engine(size, bib)
            if "external" in parts:
                bench.external(size, bib)
            if "build" in parts:
                bench.build(size, bib)
        if "pages" in parts and args.page_cost_size:
            bench.page_cost(args.page_cost_size, bib_file(args.page_cost_size, args.seed))
        if "edit" in parts and args.edit_size:
            bench.edit(args.edit_size, bib_file(args.edit_size, args.seed))
    command = "benchmarks/bench_compare.py " + " ".join(sys.argv[1:])
    text = (
        f"{machine()}\n\nCommand: `.venv/bin/python {command.strip()}` "
        f"({time.perf_counter() - started:.0f} s in all; {time.strftime('%Y-%m-%d')}).\n\n"
        + report(bench, sizes, sizes_mb)
    )
    print(text)
    if args.write:
        block = f"{BEGIN}\n{text}{END}"
        if RESULTS.exists() and BEGIN in RESULTS.read_text(encoding="utf-8"):
            old = RESULTS.read_text(encoding="utf-8")
            head, rest = old.split(BEGIN, 1)
            tail = rest.split(END, 1)[1] if END in rest else ""
            RESULTS.write_text(head + block + tail, encoding="utf-8")
        else:
            RESULTS.write_text(f"# Benchmark results\n\n{block}\n", encoding="utf-8")
        print(f"written to {RESULTS.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
