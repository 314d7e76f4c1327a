"""The ``labsite`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .bibliography import load_bibliography
from .checks import missing_local_files
from .diagnostics import Level


def _check(args: argparse.Namespace) -> int:
    files = args.files or sorted(str(p) for p in Path("bib").glob("*.bib"))
    if not files:
        print("labsite check: no .bib files given and none in bib/", file=sys.stderr)
        return 2
    bibliography = load_bibliography([(Path(f), f) for f in files])
    problems = list(bibliography.problems)
    docs_dir = Path(args.docs_dir)
    if docs_dir.is_dir():
        problems += missing_local_files(bibliography.papers, docs_dir)
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    if args.format == "json":
        report = {
            "files": files,
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
            f"{len(bibliography.papers)} entries in {len(files)} file(s): "
            f"{errors} error(s), {len(problems) - errors} warning(s)",
            file=sys.stderr,
        )
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="labsite", description="Tools for a labsite research website."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="report every problem in .bib files (file:line: entry: message)",
        description="Report every problem in .bib files, as the site's build does. Exits 1 "
        "when there is an error (an entry or a link that cannot be published), 0 when there "
        "are only warnings or nothing.",
    )
    check.add_argument("files", nargs="*", help=".bib files (default: bib/*.bib)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="output format (default: text)")  # fmt: skip
    check.add_argument(
        "--docs-dir", default="docs", help="the site's docs folder, for links to files in it"
    )
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
