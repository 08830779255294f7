"""`autograder validate` passes a sound assignment and names what is wrong with a broken one."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from autograder.cli import main as cli_main
from autograder.commands.validate import run_validate, validate_assignment
from autograder.course import load_assignment

from .conftest import FIXTURE


@pytest.fixture
def course(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "assignments", tmp_path / "assignments")
    assert cli_main(["--course", str(tmp_path), "release", "tiny"]) == 0
    return tmp_path


def _validate(course: Path) -> tuple[int, str]:
    buf = io.StringIO()
    code = run_validate(
        course,
        ["tiny"],
        sandbox="process",
        jobs=2,
        mutation_score=False,
        console=Console(file=buf, width=200),
    )
    return code, buf.getvalue()


def _edit_source(course: Path, cell_id: str, old: str, new: str) -> None:
    path = course / "assignments" / "tiny" / "tiny.ipynb"
    nb = json.loads(path.read_text())
    for c in nb["cells"]:
        if c.get("id") == cell_id:
            src = "".join(c["source"])
            assert old in src
            c["source"] = src.replace(old, new)
    path.write_text(json.dumps(nb))


def test_sound_assignment_passes_every_check(course: Path) -> None:
    rep = validate_assignment(load_assignment(course, "tiny"), sandbox="process", jobs=2)
    assert rep.failures == []
    assert (
        rep.checks["solution"] == "6/6"
        and rep.checks["stub"] == "0 ok"
        and rep.checks["mutants"] == "2/2"
        and rep.checks["contract"] == "3 rows"
    )
    assert rep.checks["fresh"] == rep.checks["leaks"] == rep.checks["deterministic"] == "ok"
    assert rep.checks["trivial"] == "4x0 ok"  # test_double_shape is allowed, with its reason


def test_a_test_that_pays_a_trivial_implementation_is_named(course: Path) -> None:
    """Without the fixture's allowance, its shape-only public test gives points to the trivial
    implementations that return zeros, random values or the input (all of the right shape), and
    validate says so; the constant NaN has no shape and earns nothing."""
    toml = course / "assignments" / "tiny" / "assignment.toml"
    text = toml.read_text()
    toml.write_text(text[: text.index("[validate.trivial_allowed]")])
    rep = validate_assignment(load_assignment(course, "tiny"), sandbox="process", jobs=2)
    [failure] = [f for f in rep.failures if "[trivial]" in f]
    assert "zeros earns points from test_double_shape (1)" in failure
    assert "random earns points from test_double_shape (1)" in failure
    assert "first_arg earns points from test_double_shape (1)" in failure
    assert "; nan earns" not in failure and ": nan earns" not in failure
    assert rep.checks["trivial"] == "not zero"


def test_weak_test_lets_the_mutant_survive_and_is_named(course: Path) -> None:
    hidden = course / "assignments" / "tiny" / "tests" / "hidden" / "test_tiny.py"
    text = hidden.read_text()
    text = text.replace(
        "assert student.add(a, b) == a + b", "assert isinstance(student.add(a, b), int)"
    )
    text = text.replace(
        "assert isinstance(got, torch.Tensor) and torch.equal(got, 2 * x)",
        "assert got.shape == x.shape",
    )
    hidden.write_text(text)
    code, out = _validate(course)
    assert code == 1
    assert "mutant add_subtracts survives" in out and "test_add_integers" in out


def test_leaked_solution_line_fails(course: Path) -> None:
    path = course / "assignments" / "tiny" / "tiny.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = (
        "".join(nb["cells"][0]["source"]) + "\n\nHint: the answer is\n\n    return 2 * x\n"
    )
    path.write_text(json.dumps(nb))
    code, out = _validate(course)
    assert code == 1 and "return 2 * x" in out and "[leaks]" in out


def test_stale_release_fails(course: Path) -> None:
    _edit_source(course, "answer-double", "return 2 * x", "return x * 2")
    code, out = _validate(course)
    assert code == 1 and "[fresh]" in out and "solutions/tiny/tiny.ipynb (stale)" in out


def test_solution_failing_a_test_fails(course: Path) -> None:
    _edit_source(course, "answer-add", "return x + y", "return x - y")
    assert cli_main(["--course", str(course), "release", "tiny"]) == 0
    code, out = _validate(course)
    assert code == 1 and "the solution fails" in out and "test_add_integers" in out


def test_an_assignment_without_a_contract_table_fails(course: Path) -> None:
    (course / "assignments" / "tiny" / "tests" / "hidden" / "contract.toml").unlink()
    code, out = _validate(course)
    assert code == 1 and "[contract]" in out and "contract.toml" in out


def test_a_contract_row_whose_mutant_does_not_fail_its_test_fails(course: Path) -> None:
    table = course / "assignments" / "tiny" / "tests" / "hidden" / "contract.toml"
    table.write_text(
        table.read_text().replace('mutant = "double_triples"', 'mutant = "add_subtracts"')
    )
    code, out = _validate(course)
    assert code == 1 and "[contract]" in out
    assert "mutant add_subtracts does not list test_double_values" in out, out
