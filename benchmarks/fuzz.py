"""Run the fuzz properties of tests/unit/test_fuzz.py with many examples, on demand.

    .venv/bin/python benchmarks/fuzz.py --examples 10000 [--seed N] [-k corpus] [--stats]

Sets LABSITE_FUZZ_EXAMPLES (examples per property) and runs pytest on
tests/unit/test_fuzz.py in this process. Prints, per property, how many examples ran (calls
of the test body, shrinking included) and how long it took; exits non-zero if any
property fails (pytest shows the falsifying example). The default test run uses 60
examples per property; this is the long run, to be started by hand or on a schedule.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
TEST_FILE = "tests/unit/test_fuzz.py"


class _Collector:
    """A pytest plugin that notes each test's outcome and time, and the fuzz module."""

    def __init__(self) -> None:
        self.module: ModuleType | None = None
        self.seconds: dict[str, float] = {}
        self.outcome: dict[str, str] = {}

    def pytest_collection_modifyitems(self, items: list) -> None:
        for item in items:
            module = getattr(item, "module", None)
            if module is not None and hasattr(module, "RUNS"):
                self.module = module

    def pytest_runtest_logreport(self, report) -> None:  # type: ignore[no-untyped-def]
        name = report.nodeid.rsplit("::", 1)[-1]
        self.seconds[name] = self.seconds.get(name, 0.0) + report.duration
        if report.when == "call" or report.outcome != "passed":
            self.outcome[name] = report.outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property")
    parser.add_argument("--seed", help="hypothesis seed, to repeat a run")
    parser.add_argument("-k", dest="keyword", help="only the properties matching (pytest -k)")
    parser.add_argument("--stats", action="store_true", help="hypothesis' own statistics")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error("--examples must be at least 1")

    os.environ["LABSITE_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(REPO)
    import pytest  # after the environment is set: the test module reads it on import

    pytest_args = [TEST_FILE, "-p", "no:cacheprovider", "-q", "-rfEs"]
    if args.seed is not None:
        pytest_args += ["--hypothesis-seed", args.seed]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.stats:
        pytest_args.append("--hypothesis-show-statistics")

    collector = _Collector()
    started = time.perf_counter()
    code = pytest.main(pytest_args, plugins=[collector])
    elapsed = time.perf_counter() - started

    runs = getattr(collector.module, "RUNS", {})
    print(f"\nfuzz: {args.examples} examples per property requested")
    print(f"{'property':<48} {'examples':>9} {'seconds':>9}  outcome")
    for name in sorted(runs) or []:
        print(
            f"{name:<48} {runs[name]:>9} {collector.seconds.get(name, 0.0):>9.1f}"
            f"  {collector.outcome.get(name, '?')}"
        )
    skipped = [n for n, o in collector.outcome.items() if o == "skipped"]
    for name in skipped:
        print(f"{name:<48} {'-':>9} {'-':>9}  skipped")
    print(f"total: {sum(runs.values())} examples in {elapsed:.1f} s; pytest exit code {int(code)}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
