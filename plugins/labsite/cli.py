"""The ``labsite`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .bibliography import load_bibliography


def _check(args: argparse.Namespace) -> int:
    files = args.files or sorted(str(p) for p in Path("bib").glob("*.bib"))
    if not files:
        print("labsite check: no .bib files given and none in bib/", file=sys.stderr)
        return 2
    bibliography = load_bibliography([(Path(f), f) for f in files])
    for problem in bibliography.problems:
        print(f"{problem.level.value}: {problem}")
    count = len(bibliography.problems)
    print(
        f"{len(bibliography.papers)} entries in {len(files)} file(s); "
        f"{count} problem{'s' if count != 1 else ''}",
        file=sys.stderr,
    )
    return 1 if count else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="labsite", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="report every problem in .bib files (file:line: entry: message)"
    )
    check.add_argument("files", nargs="*", help=".bib files (default: bib/*.bib)")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
