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
