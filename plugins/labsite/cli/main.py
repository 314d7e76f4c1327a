"""The ``labsite`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from labsite.bib.bibliography import load_bibliography
from labsite.bib.checks import missing_local_files, unused_fields
from labsite.bib.model import arxiv_id_of
from labsite.cli.add import add_entries
from labsite.cli.alfolio import import_alfolio
from labsite.cli.common import ToolError, default_bib_files, site_settings
from labsite.cli.diff import diff_markdown
from labsite.cli.from_openalex import entries_for, fetch_works
from labsite.cli.links import Result, check, collect
from labsite.cli.metrics import run_metrics
from labsite.cli.new import new_site
from labsite.cli.openalex import OpenAlex, OpenAlexError, normal_doi, normal_orcid
from labsite.cli.tidy import SORTS, tidy_files
from labsite.data.members import load_people
from labsite.data.metrics import load_metrics
from labsite.data.talks import load_talks
from labsite.diagnostics import Level


def _check(args: argparse.Namespace) -> int:
    files = args.files or sorted(str(p) for p in Path("bib").glob("*.bib"))
    if not files:
        print("labsite check: no .bib files given and none in bib/", file=sys.stderr)
        return 2
    bibliography = load_bibliography([(Path(f), f) for f in files])
    problems = list(bibliography.problems) + unused_fields(bibliography.papers)
    docs_dir = Path(args.docs_dir)
    if docs_dir.is_dir():
        problems += missing_local_files(bibliography.papers, docs_dir)
    data_files = []
    # The site's own data files, unless .bib files were named: then only those named.
    people = args.people or ("" if args.files else "data/people.yml")
    talks = args.talks or ("" if args.files else "data/talks.yml")
    metrics = args.metrics or ("" if args.files else "data/metrics.yml")
    loaders = ((people, load_people), (talks, load_talks), (metrics, load_metrics))
    for data_file, loader in loaders:
        if data_file and Path(data_file).is_file():
            data_files.append(data_file)
            problems += loader(Path(data_file), data_file)[1]
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    if args.format == "json":
        report = {
            "files": files,
            "data_files": data_files,
            "entries": len(bibliography.papers),
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [
                {"level": p.level.value, "file": p.file, "line": p.line, "column": p.column,
                 "key": p.key, "message": p.message, "hint": p.hint}
                for p in problems
            ],
        }  # fmt: skip
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(f"{problem.level.value}: {problem}")
        print(
            f"{len(bibliography.papers)} entries in {len(files)} file(s)"
            + "".join(f", {name}" for name in data_files)
            + ": "
            f"{errors} error(s), {len(problems) - errors} warning(s)",
            file=sys.stderr,
        )
    return 1 if errors else 0


def _tidy(args: argparse.Namespace) -> int:
    if args.indent < 0:
        raise ToolError("--indent must be 0 or more")
    files = args.files or default_bib_files()
    return tidy_files(files, check=args.check, sort=args.sort, indent=args.indent)


def _from_openalex(args: argparse.Namespace) -> tuple[Any, list[str]]:
    """The generated sources of ``add --doi/--arxiv/--orcid`` and the identifiers
    OpenAlex does not know."""
    dois = [normal_doi(d) for d in args.doi]
    for given, doi in zip(args.doi, dois, strict=True):
        if not doi.startswith("10."):
            raise ToolError(f"--doi {given}: not a DOI (they start with 10.)")
    arxiv_ids = []
    for given in args.arxiv:
        found = arxiv_id_of(given)
        if found is None:
            raise ToolError(f"--arxiv {given}: not an arXiv id (e.g. 2106.10771)")
        arxiv_ids.append(found)
    orcids = []
    for given in args.orcid:
        found = normal_orcid(given)
        if found is None:
            raise ToolError(f"--orcid {given}: not an ORCID iD (e.g. 0000-0002-1825-0097)")
        orcids.append(found)
    settings = site_settings("mkdocs.yml")
    client = OpenAlex(
        base_url=args.api_url or settings.openalex_url,
        mailto=settings.openalex_mailto if args.mailto is None else args.mailto,
        timeout=args.timeout,
    )
    try:
        works, missing = fetch_works(client, dois=dois, arxiv_ids=arxiv_ids, orcids=orcids)
    except OpenAlexError as exc:
        raise ToolError(f"{exc}; nothing added to {args.to}", 1) from None
    return entries_for(works), missing


def _add(args: argparse.Namespace) -> int:
    generated = None
    missing: list[str] = []
    if args.doi or args.arxiv or args.orcid:
        if args.timeout <= 0:
            raise ToolError("--timeout must be more than 0")
        generated, missing = _from_openalex(args)
    report = add_entries(args.sources, args.to, dry_run=args.dry_run, generated=generated)
    for message in missing + report.refused:
        print(message, file=sys.stderr)
    if args.dry_run and report.text:
        print(report.text, end="")
    verb = "would add" if args.dry_run else "added"
    where = "" if args.dry_run else f" to {args.to}"
    for orcid in args.orcid:
        label = f"ORCID {normal_orcid(orcid)}"
        added = [k for k, source in zip(report.added, report.sources, strict=True)
                 if source.startswith(label)]  # fmt: skip
        there = [m for m in report.refused if m.startswith(label)]
        print(
            f"{label}: {len(added) + len(there)} work(s) in OpenAlex: {verb} {len(added)}, "
            f"{len(there)} already there or refused (listed above)",
            file=sys.stderr,
        )
    if report.added:
        print(
            f"{verb} {len(report.added)} entr{'y' if len(report.added) == 1 else 'ies'}"
            f"{where}: {', '.join(report.added)}",
            file=sys.stderr,
        )
    else:
        print(f"nothing added to {args.to}", file=sys.stderr)
    return 1 if report.refused or missing else 0


def _metrics(args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        raise ToolError("--timeout must be more than 0")
    report, name = run_metrics(
        args.config_file, api_url=args.api_url, mailto=args.mailto, timeout=args.timeout,
        output=args.output, if_on=args.if_on,
    )  # fmt: skip
    if report is None:
        print(f"citation_counts is off in {args.config_file}: {name} is left alone",
              file=sys.stderr)  # fmt: skip
        return 0
    if report.no_identifier:
        print(
            f"no DOI, arXiv id, PMID or openalex id ({len(report.no_identifier)}): "
            + ", ".join(report.no_identifier),
            file=sys.stderr,
        )
    for key, ids in report.not_found:
        shown = ", ".join(f"{kind} {value}" for kind, value in ids)
        print(f"not found in OpenAlex: {key} ({shown})", file=sys.stderr)
    works = report.metrics.works
    total = sum(w.cited_by for w in works.values())
    print(
        f"wrote {name}: {len(works)} entr{'y' if len(works) == 1 else 'ies'} with figures, "
        f"{total} citations, as of {report.metrics.date} ({report.requests} request(s))",
        file=sys.stderr,
    )
    return 0


def _new(args: argparse.Namespace) -> int:
    written = new_site(args.dir, args.name)
    print(f"created {args.dir} ({len(written)} files)")
    print(f"next: cd {args.dir}, replace the sample entry in bib/papers.bib with your papers,")
    print("then run: make serve LABSITE=<path or URL of labsite>  (see README.md)")
    return 0


def _import(args: argparse.Namespace) -> int:
    report = import_alfolio(args.source, args.dir, overwrite=args.overwrite)
    for line in report.lines():
        print(line)
    print("next: labsite check, then mkdocs build --strict", file=sys.stderr)
    return 0


def _diff(args: argparse.Namespace) -> int:
    print(diff_markdown(args.rev, args.files), end="")
    return 0


def _links(args: argparse.Namespace) -> int:
    site = Path(args.site_dir)
    if not (site / "index.html").is_file() and not any(site.rglob("*.html")):
        print(
            f"labsite links: no built site in {site}/ (run `mkdocs build` first)",
            file=sys.stderr,
        )
        return 2
    found = collect(site, args.ignore)
    print(f"checking {len(found)} external link(s) from {site}/ ...", file=sys.stderr)

    def show(result: Result) -> None:
        if result.ok:
            return
        label = "unsure" if result.unsure else "broken"
        pages = found[result.url]
        more = f" (and {len(pages) - 3} more)" if len(pages) > 3 else ""
        print(f"{label}: {result.url}: {result.error}, linked from {', '.join(pages[:3])}{more}")

    results = check(found, timeout=args.timeout, workers=args.workers, progress=show)
    broken = sum(1 for r in results if not r.ok and not r.unsure)
    unsure = sum(1 for r in results if r.unsure)
    print(
        f"{len(results)} external link(s): {broken} broken, {unsure} unsure "
        "(401, 403 or 429: the server would not say)",
        file=sys.stderr,
    )
    return 1 if broken else 0


def _openalex_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-url", metavar="URL",
        help="the OpenAlex API (default: the openalex_url setting, https://api.openalex.org)",
    )  # fmt: skip
    parser.add_argument(
        "--mailto", metavar="EMAIL",
        help="the e-mail address sent to OpenAlex (default: the openalex_mailto setting)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per request (default: 30)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labsite", description="Tools for a labsite research website."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="report every problem in .bib and data files (file:line: entry: message)",
        description="Report every problem in .bib files and in the people, talks and "
        "metrics files, as the site's build does. Exits 1 "
        "when there is an error (an entry or a link that cannot be published), 0 when there "
        "are only warnings or nothing.",
    )
    check.add_argument("files", nargs="*", help=".bib files (default: bib/*.bib)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--docs-dir", default="docs", help="the site's docs folder, for links to files in it"
    )
    check.add_argument(
        "--people",
        metavar="FILE",
        help="the people file (default: data/people.yml when it exists and no .bib file is named)",
    )
    check.add_argument(
        "--talks",
        metavar="FILE",
        help="the talks file (default: data/talks.yml when it exists and no .bib file is named)",
    )
    check.add_argument(
        "--metrics",
        metavar="FILE",
        help="the metrics file (default: data/metrics.yml when it exists and no .bib file is "
        "named)",
    )
    check.set_defaults(run=_check)

    tidy = commands.add_parser(
        "tidy",
        help="rewrite .bib files in one canonical form (small diffs)",
        description="Rewrite .bib files in one canonical form, so that changes to them stay "
        "small: lower-case entry types and field names, fields in a fixed order, one "
        "'name = {value}' line per field with the value as written (LaTeX, @string macros "
        "and # kept), one blank line between entries. Comments, @string, @preamble and "
        "@comment blocks stay where they are; a block that cannot be parsed is kept as "
        "written, with a warning. UTF-8 and UTF-16 files are rewritten in their own "
        "encoding and line ends; files in other encodings are left alone. With --check, "
        "exits 1 when a file would change.",
    )
    tidy.add_argument("files", nargs="*", help=".bib files (default: bib/*.bib)")
    tidy.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if there are any (for CI)",
    )
    tidy.add_argument(
        "--sort",
        choices=SORTS,
        default="none",
        help="order of the entries between two comments or other blocks: "
        "as they are (none, the default), by key, or by year, newest first",
    )
    tidy.add_argument(
        "--indent", type=int, default=2, metavar="N", help="spaces before each field (default: 2)"
    )
    tidy.set_defaults(run=_tidy)

    add = commands.add_parser(
        "add",
        help="append new entries (from Google Scholar, Zotero, DBLP...) to a .bib file",
        description="Append the entries of BibTeX files (or of standard input) to a .bib "
        "file (created if missing), tidied; with --doi, --arxiv or --orcid, entries made "
        "from OpenAlex's records of those works (needs the network). An entry is refused "
        "when the target or another "
        ".bib file of its folder already has one with the same key, DOI, arXiv id or "
        "title (case, accents and punctuation ignored); each refusal names the entry it "
        "duplicates. Exits 1 when anything was refused.",
    )
    add.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="a .bib file, or - for standard input (the default)",
    )
    add.add_argument(
        "--to",
        default="bib/papers.bib",
        metavar="FILE",
        help="the .bib file to add to (default: bib/papers.bib)",
    )
    add.add_argument(
        "--dry-run", action="store_true", help="print what would be added; write nothing"
    )
    add.add_argument(
        "--doi", action="append", default=[], metavar="DOI",
        help="add the work with this DOI, from its OpenAlex record (repeatable)",
    )  # fmt: skip
    add.add_argument(
        "--arxiv", action="append", default=[], metavar="ID",
        help="add the arXiv e-print with this id (e.g. 2106.10771), from OpenAlex (repeatable)",
    )  # fmt: skip
    add.add_argument(
        "--orcid", action="append", default=[], metavar="ORCID",
        help="add every work OpenAlex has by the author with this ORCID iD, newest first",
    )  # fmt: skip
    _openalex_options(add)
    add.set_defaults(run=_add)

    metrics = commands.add_parser(
        "metrics",
        help="fetch citation counts from OpenAlex into the metrics file (needs the network)",
        description="Ask OpenAlex (https://openalex.org) for every entry of the site's .bib "
        "files that has an openalex id, a DOI, a PMID or an arXiv id, and write the "
        "counts (total and per year), the OpenAlex id and today's date into the metrics "
        "file (metrics_file, default data/metrics.yml). Entries with no identifier and "
        "identifiers OpenAlex does not know are listed. A failure (network, HTTP error, "
        "timeout, an answer that is not OpenAlex's) leaves the file as it was and exits 1. "
        "The site shows the counts when citation_counts is on; its build never asks "
        "the network.",
    )
    metrics.add_argument(
        "-f", "--config-file", default="mkdocs.yml", metavar="FILE",
        help="the site's MkDocs configuration, for the labsite settings (default: mkdocs.yml)",
    )  # fmt: skip
    _openalex_options(metrics)
    metrics.add_argument(
        "--output", metavar="FILE", help="write here instead of the metrics_file setting"
    )
    metrics.add_argument(
        "--if-on", action="store_true",
        help="do nothing (and exit 0) unless the site turns citation_counts on (for CI)",
    )  # fmt: skip
    metrics.set_defaults(run=_metrics)

    new = commands.add_parser(
        "new",
        help="create a new site from the template",
        description="Create a new labsite website in DIR (a new or empty folder): "
        "mkdocs.yml, a home and a publications page, bib/papers.bib with one sample entry "
        "to replace, overrides/ for theme changes, a Makefile and a README.",
    )
    new.add_argument("dir", metavar="DIR", help="the new site's folder")
    new.add_argument(
        "--name", help='your name, as in your papers (default: "Your Name", to replace by hand)'
    )
    new.set_defaults(run=_new)

    importer = commands.add_parser(
        "import",
        help="make a site from an al-folio checkout, or add its bibliography to this one",
        description="Bring an al-folio checkout (SOURCE) into the labsite site in DIR: "
        "_bibliography/*.bib to bib/, _data/venues.yml and coauthors.yml to data/, the "
        "files the entries link to (assets/pdf/, previews) to docs/, and the owner's "
        "names, scholar_userid and max_author_limit to the settings (written into a new "
        "site's mkdocs.yml, printed for an existing one). DIR is made from the template "
        "when it has no mkdocs.yml. A file that differs is never replaced without "
        "--overwrite; running it again changes nothing. Prints what it did and what it "
        "did not carry over.",
    )
    importer.add_argument("kind", choices=("al-folio",), help="the kind of site: al-folio")
    importer.add_argument("source", metavar="SOURCE", help="the al-folio checkout")
    importer.add_argument("dir", nargs="?", default=".", metavar="DIR",
                          help="the labsite site (default: .)")  # fmt: skip
    importer.add_argument(
        "--overwrite", action="store_true", help="replace files that differ (and say so)"
    )
    importer.set_defaults(run=_import)

    diff = commands.add_parser(
        "diff",
        help="entries added, changed and removed since a git revision (Markdown)",
        description="Print, as Markdown, the entries added, changed (field by field) and "
        "removed since git revision REV, comparing the files at REV with the files as "
        "they are now. A file absent at REV counts as all added. Exits 2 outside a git "
        "repository or for an unknown revision.",
    )
    diff.add_argument("rev", metavar="REV", help="a git revision: HEAD, main, a commit...")
    diff.add_argument("files", nargs="*", help=".bib files (default: bib/*.bib, now and at REV)")
    diff.set_defaults(run=_diff)

    links = commands.add_parser(
        "links",
        help="check the external links of a built site (needs the network)",
        description="Request every external http(s) link and image of the built site in "
        "SITE_DIR once (HEAD, or GET when the server refuses HEAD; redirects followed) and "
        "report each one that fails, with the pages and lines that link to it. Links "
        "between the site's own pages are checked by every `mkdocs build` already. Exits 1 "
        "when a link is broken; answers 401, 403 and 429 are reported as unsure.",
    )
    links.add_argument(
        "site_dir", nargs="?", default="site", metavar="SITE_DIR", help="default: site"
    )
    links.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per request (default: 10)"
    )
    links.add_argument("--workers", type=int, default=8, help="requests at a time (default: 8)")
    links.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="REGEX",
        help="skip URLs matching this regular expression (repeatable)",
    )
    links.set_defaults(run=_links)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ToolError as exc:
        print(f"labsite {args.command}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
