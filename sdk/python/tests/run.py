"""Runs the tests as ``python3 -m unittest`` does and writes their counts as JSON for test.sh's closing summary.

Usage: ``python3 -m tests.run RESULT.json`` from sdk/python.
"""

from __future__ import annotations

import json
import sys
import unittest
from pathlib import Path


class CountingResult(unittest.TextTestResult):
    """Counts passed tests as they pass: a test whose subTest failed, or whose class set-up failed, is not one."""

    passed = 0

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)
        self.passed += 1


class CountingRunner(unittest.TextTestRunner):
    # typeshed types the result's stream narrower than the stream the runner hands it; the runner's own default works so.
    resultclass = CountingResult  # pyright: ignore[reportAssignmentType]


def main(result_file: str) -> int:
    root = Path(__file__).resolve().parent.parent
    suite = unittest.defaultTestLoader.discover(str(root / "tests"), top_level_dir=str(root))
    result = CountingRunner(verbosity=2).run(suite)
    assert isinstance(result, CountingResult)
    # One failure per test (or failed class set-up), however many of its subTests failed.
    failed = {getattr(test, "test_case", test).id() for test, _ in result.failures + result.errors}
    failed |= {test.id() for test in result.unexpectedSuccesses}
    counts = {"passed": result.passed, "failed": len(failed), "skipped": len(result.skipped), "failures": sorted(failed)}
    Path(result_file).write_text(json.dumps(counts) + "\n")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
