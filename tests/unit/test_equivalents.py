"""The mutation score: declared equivalent mutants do not count, undeclared survivors are gaps,
and a declaration that no longer holds is reported as stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.commands.equivalents import Equivalent, read_equivalents, score_mutants
from autograder.commands.mutation import AutoMutant, all_mutants, generate_mutants
from autograder.errors import ConfigError
from autograder.worker.executor import Cell

SAME = Equivalent("c:aaa", "line 3: transpose(-1, -2) -> (-2, -1)", "the same transpose")


def test_score_excludes_declared_equivalents() -> None:
    outcomes = {"c:aaa": True, "c:bbb": False, "c:ccc": False, "c:ddd": False}
    s = score_mutants(outcomes, [SAME], outcomes.keys())
    assert (s.tried, s.killed, s.gaps, s.stale) == (4, 3, [], [])
    assert s.equivalent == [("c:aaa", "the same transpose")]
    assert s.percent == 100.0


def test_an_undeclared_survivor_is_a_gap_and_lowers_the_score() -> None:
    outcomes = {"c:aaa": True, "c:eee": True, "c:bbb": False, "c:ccc": False}
    s = score_mutants(outcomes, [SAME], outcomes.keys())
    assert s.gaps == ["c:eee"]
    assert s.percent == pytest.approx(100 * 2 / 3)


def test_ungradable_mutants_count_as_neither() -> None:
    s = score_mutants({"c:bbb": False, "c:xxx": None}, [], {"c:bbb", "c:xxx"})
    assert (s.tried, s.killed, s.percent) == (1, 1, 100.0)


def test_stale_declarations_are_reported() -> None:
    killed_now = score_mutants({"c:aaa": False}, [SAME], {"c:aaa"})
    assert killed_now.stale == ["c:aaa"] and killed_now.equivalent == []
    gone = score_mutants({"c:bbb": False}, [SAME], {"c:bbb"})
    assert gone.stale == ["c:aaa"]
    not_sampled = score_mutants({"c:bbb": False}, [SAME], {"c:aaa", "c:bbb"})
    assert not_sampled.stale == []


def test_read_equivalents(tmp_path: Path) -> None:
    assert read_equivalents(tmp_path / "equivalent.toml") == []
    path = tmp_path / "equivalent.toml"
    path.write_text('[[mutant]]\nkey = "c:aaa"\nmutation = "m"\nwhy = "w"\n', encoding="utf-8")
    assert read_equivalents(path) == [Equivalent("c:aaa", "m", "w")]
    path.write_text('[[mutant]]\nkey = "c:aaa"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="needs both `key` and `why`"):
        read_equivalents(path)
    path.write_text("[[mutant]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        read_equivalents(path)


def test_keys_name_the_cell_and_the_mutated_source() -> None:
    cells = [
        Cell("setup", "setup", "import math"),
        Cell("ans", "answer", "def f(x):\n    return x + 2 * x\n"),
    ]
    found = all_mutants(cells)
    assert found and all(m.cell_id == "ans" for m in found)
    keys = [m.key for m in found]
    assert len(set(keys)) == len(keys), "distinct mutants have distinct keys"
    assert all("  ->  " in m.description for m in found), "each names the line before and after"
    again = all_mutants([Cell("other", "answer", "y = 1"), *cells])
    assert set(keys) <= {m.key for m in again}, "a key does not depend on the other cells"
    assert generate_mutants(cells, 2) == [found[0], found[len(found) // 2]]
    assert isinstance(found[0], AutoMutant)
