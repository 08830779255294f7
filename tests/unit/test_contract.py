"""The contract table check: every row needs a real test and a mutant whose header names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.commands.contract import ContractRow, contract_problems, read_contract
from autograder.errors import ConfigError

TESTS = {"test_bounded", "test_draw"}
MUTANTS = {"raw_scale": ("test_bounded",), "float32_draw": ("test_draw", "test_bounded")}


def row(
    test: str = "test_bounded", mutant: str = "raw_scale", sentence: str = "|s| <= 1"
) -> ContractRow:
    return ContractRow("AffineCoupling docstring", sentence, test, mutant)


def test_a_backed_table_has_no_problems() -> None:
    assert contract_problems([row(), row("test_draw", "float32_draw")], TESTS, MUTANTS) == []


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (row(test=""), "names no test"),
        (row(test="test_gone"), "names test test_gone, which does not exist"),
        (row(mutant=""), "names no mutant"),
        (row(mutant="ghost"), "names mutant ghost, which does not exist"),
        (row(test="test_draw", mutant="raw_scale"), "does not list test_draw"),
        (row(sentence=""), "states no sentence"),
    ],
)
def test_each_gap_is_reported(bad: ContractRow, says: str) -> None:
    problems = contract_problems([row(), bad], TESTS, MUTANTS)
    assert len(problems) == 1 and says in problems[0] and problems[0].startswith("row 2")


def test_an_empty_table_is_a_problem() -> None:
    assert contract_problems([], TESTS, MUTANTS) == ["the contract table has no rows"]


def test_read_contract(tmp_path: Path) -> None:
    p = tmp_path / "contract.toml"
    p.write_text(
        '[[row]]\nwhere = "w"\nsentence = "s"\ntest = "t"\nmutant = "m"\n\n[[row]]\nwhere = "x"\n'
    )
    assert read_contract(p) == [ContractRow("w", "s", "t", "m"), ContractRow("x", "", "", "")]
    p.write_text("[[row]\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        read_contract(p)
