"""Trivial implementations: found from the solution's answer cells, and each really trivial."""

from __future__ import annotations

import math

import pytest
import torch

from autograder.commands.trivial import KINDS, graded_names, trivial_cell
from autograder.worker.executor import Cell

SOLUTION = [
    Cell("setup", "setup", "import torch"),
    Cell(
        "a",
        "answer",
        "def double(x):\n    return helper(x) * 2\n\ndef helper(x):\n    return x + 0\n\n"
        "def _private(x):\n    return x\n\ndef checked(x):\n    if x.ndim != 1:\n"
        "        raise ValueError('1-d only')\n    return x.sum()\n",
    ),
    Cell(
        "b",
        "answer",
        "class Scale(torch.nn.Module):\n    def __init__(self, s):\n        super().__init__()\n"
        "        self.s = s\n    def forward(self, x):\n        return self.inner(x) * self.s\n"
        "    def inner(self, x):\n        return x.clone()\n    @staticmethod\n"
        "    def pair(n):\n        return (torch.ones(n, dtype=torch.int64), 2.5)\n",
    ),
    Cell("c", "answer", "%matplotlib inline\nx = 1"),
]


def _run(kind: str) -> dict:
    ns: dict = {}
    for cell in SOLUTION[:3]:
        exec(cell.source, ns)
    exec(trivial_cell(kind, graded_names(SOLUTION)).source, ns)
    return ns


def test_graded_names_are_the_public_top_level_definitions() -> None:
    assert graded_names(SOLUTION) == ["double", "helper", "checked", "Scale"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_computes_nothing(kind: str) -> None:
    ns = _run(kind)
    x = torch.arange(1.0, 4.0, dtype=torch.float64)
    got = ns["double"](x)
    model = ns["Scale"](3.0)
    out = model(x)
    if kind == "nan":
        assert math.isnan(got) and math.isnan(out)
    elif kind == "first_arg":
        assert got is x and out is x
    else:
        assert isinstance(got, torch.Tensor) and got.shape == x.shape and got.dtype == x.dtype
        assert not torch.equal(got, 2 * x) and not torch.equal(out, 3 * x)
        if kind == "zeros":
            assert torch.equal(got, torch.zeros_like(x)) and torch.equal(out, torch.zeros_like(x))
        ints, half = ns["Scale"].pair(4)
        assert ints.dtype == torch.int64 and ints.shape == (4,) and isinstance(half, float)
        assert half != 2.5
        # the reference raises on bad input: the trivial version validates nothing
        assert ns["checked"](torch.ones(2, 2)) is None
    assert isinstance(model, torch.nn.Module) and model.s == 3.0


def test_shapes_come_from_the_real_reference_even_through_nested_graded_calls() -> None:
    ns = _run("zeros")
    x = torch.ones(2, 5, dtype=torch.float32)
    assert ns["double"](x).shape == (2, 5)  # helper ran for real inside the reference
    assert ns["Scale"](2.0)(x).dtype == torch.float32


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown trivial"):
        trivial_cell("ones", ["f"])


def _course(tmp_path, toml: str):
    from autograder.course import load_assignment

    folder = tmp_path / "assignments" / "hw"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_text("{}")
    (folder / "assignment.toml").write_text(toml)
    return lambda: load_assignment(tmp_path, "hw")


def test_allowed_tests_need_a_reason(tmp_path) -> None:
    from autograder.errors import ConfigError

    load = _course(tmp_path, '[validate.trivial_allowed]\ntest_edge = "x at t = 0 is x"\n')
    assert load().trivial_allowed == {"test_edge": "x at t = 0 is x"}
    (tmp_path / "assignments/hw/assignment.toml").write_text(
        '[validate.trivial_allowed]\ntest_edge = ""\n'
    )
    with pytest.raises(ConfigError, match="reason"):
        load()
    (tmp_path / "assignments/hw/assignment.toml").write_text("[validate]\nskip_trivial = true\n")
    with pytest.raises(ConfigError, match="trivial_allowed"):
        load()


def test_problems_name_the_tests_that_give_points() -> None:
    from autograder.commands.trivial import trivial_problems

    tests = [
        {"name": "test_values", "passed": False, "points": 5},
        {"name": "test_untouched", "passed": True, "points": 2},
        {"name": "test_edge", "passed": True, "points": 1},
    ]
    records = {f"trivial:{k}": {"tests": tests} for k in KINDS}
    names = {"test_values", "test_untouched", "test_edge"}
    found = trivial_problems({"test_edge": "reason"}, records, names, True)
    assert len(found) == len(KINDS) + 1 and all("test_untouched (2)" in p for p in found[:-1])
    assert "fold a value check" in found[-1]
    assert not any("test_edge" in p for p in found)
    assert trivial_problems({"test_edge": "r", "test_untouched": "r"}, records, names, True) == []
    stale = trivial_problems({"test_gone": "r"}, records, names, True)
    assert "test_gone" in stale[0]
    assert "no public function" in trivial_problems({}, records, names, False)[0]


def test_the_reference_side_effects_do_not_happen() -> None:
    ns: dict = {}
    exec("import torch\ndef clip_(p, c):\n    p.clamp_(-c, c)\n    return p\n", ns)
    exec(trivial_cell("zeros", ["clip_"]).source, ns)
    p = torch.tensor([-3.0, 0.5, 3.0])
    out = ns["clip_"](p, 1.0)
    assert torch.equal(p, torch.tensor([-3.0, 0.5, 3.0])) and torch.equal(out, torch.zeros(3))
