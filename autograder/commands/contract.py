"""The contract table of an assignment: every sentence a student is told, the test behind it,
and the mutant that proves the test catches its violation.

``tests/hidden/contract.toml`` (never released: it lives with the hidden tests)::

    [[row]]
    where = "AffineCoupling docstring"
    sentence = "s = tanh(S(h)) * (1 - m): the log-scale is bounded"
    test = "test_coupling_scale_is_bounded"
    mutant = "coupling_raw_scale"

``validate`` fails when a row names no test, a test that does not exist, no mutant, a mutant
that does not exist, or a mutant whose ``# must-fail:`` header does not name the row's test (the
mutants check then proves that test fails on it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

__all__ = ["CONTRACT_FILE", "ContractRow", "contract_problems", "read_contract"]

CONTRACT_FILE = "contract.toml"


@dataclass(frozen=True)
class ContractRow:
    where: str
    sentence: str
    test: str
    mutant: str


def read_contract(path: Path) -> list[ContractRow]:
    """The rows of ``contract.toml`` (a missing key is an empty string, reported by the check)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path, fix="correct the syntax") from exc
    rows = data.get("row", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError("the table must be a list of [[row]] entries", path=path)
    return [
        ContractRow(
            str(r.get("where", "")).strip(),
            str(r.get("sentence", "")).strip(),
            str(r.get("test", "")).strip(),
            str(r.get("mutant", "")).strip(),
        )
        for r in rows
    ]


def contract_problems(
    rows: Sequence[ContractRow], tests: set[str], must_fail: Mapping[str, Sequence[str]]
) -> list[str]:
    """Why the table does not hold (empty when every row is backed by a test and a mutant).

    ``must_fail`` maps each mutant's name to the tests its header names."""
    problems: list[str] = []
    if not rows:
        return ["the contract table has no rows"]
    for i, r in enumerate(rows, start=1):
        label = f"row {i} ({r.where or '?'}: {r.sentence[:60] or '?'})"
        if not r.sentence:
            problems.append(f"{label} states no sentence")
        if not r.test:
            problems.append(f"{label} names no test")
        elif r.test not in tests:
            problems.append(f"{label} names test {r.test}, which does not exist")
        if not r.mutant:
            problems.append(f"{label} names no mutant")
        elif r.mutant not in must_fail:
            problems.append(f"{label} names mutant {r.mutant}, which does not exist")
        elif r.test in tests and r.test not in must_fail[r.mutant]:
            problems.append(
                f"{label}: mutant {r.mutant} does not list {r.test} in its `# must-fail:` header"
            )
    return problems
