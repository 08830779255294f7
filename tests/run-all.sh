#!/usr/bin/env bash
# The whole test suite: lint, types, the system's own tests (unit, integration, docker tier),
# and `autograder validate` over every shipped assignment. Run from the repository root with
# the project's venv on PATH (README command 2 does both).
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
step() { echo; echo "==> $*"; "$@"; rc=$?; if [ $rc -ne 0 ]; then echo "FAILED ($rc): $*"; fail=1; fi; return 0; }

step ruff check autograder tests benchmarks
step ruff format --check autograder tests benchmarks
step mypy
echo; echo "==> pytest"
pytest
rc=$?
if [ $rc -eq 5 ]; then
  echo "FAILED: pytest collected no tests; the suite is broken (tests/ must always hold tests)"; fail=1
elif [ $rc -ne 0 ]; then
  echo "FAILED ($rc): pytest"; fail=1
fi
step autograder validate
exit $fail
