"""Trivial implementations for ``validate``: no points for doing nothing.

Built automatically from the solution (no file per assignment). Every graded name, a public
top-level function or class of the solution's answer cells, is replaced inside the sandbox by
one that computes nothing real:

``nan``
    returns a constant NaN;
``zeros``
    returns zeros of the shape and dtype the reference returns on the test's own inputs;
``first_arg``
    returns its first argument unchanged;
``random``
    returns random values of the reference's shape and dtype.

A graded class becomes a subclass whose public methods (and ``forward`` / ``__call__``) do the
same; its constructor is the reference's, so its parameters exist. The reference runs on deep
copies of the arguments, so its side effects (an in-place update) do not happen. Where it raises
(a test of input validation), the ``zeros`` and ``random`` versions return None: a trivial
implementation validates nothing. Each must score 0; a test that gives it points checks nothing
the student computes, unless ``assignment.toml`` allows it with a reason::

    [validate.trivial_allowed]
    test_name = "why passing a trivial implementation is right here"

The wrapper cell is generated source, run in the sandbox after the solution's cells, like a
mutant (:mod:`autograder.commands.validate`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import Any

from ..worker.executor import Cell

__all__ = ["KINDS", "graded_names", "trivial_cell", "trivial_problems"]

KINDS = ("nan", "zeros", "first_arg", "random")

_WRAPPER = '''
import copy as _ag_copy_mod
import functools as _ag_ft
import random as _ag_random

import numpy as _ag_np
import torch as _ag_torch

_AG_KIND = {kind!r}
_ag_gen = _ag_torch.Generator().manual_seed(12345)
_ag_rng = _ag_random.Random(12345)
_ag_depth = [0]  # > 0 while the reference computes a shape: nested graded calls are real


def _ag_like(value):
    """``value`` with its data replaced as _AG_KIND says (same structure, shape and dtype)."""
    if isinstance(value, _ag_torch.Tensor):
        if _AG_KIND == "zeros":
            return _ag_torch.zeros_like(value)
        if value.is_floating_point() or value.is_complex():
            return _ag_torch.rand(value.shape, generator=_ag_gen, dtype=value.dtype)
        if value.dtype == _ag_torch.bool:
            return _ag_torch.rand(value.shape, generator=_ag_gen) < 0.5
        return _ag_torch.randint(0, 2, value.shape, generator=_ag_gen, dtype=value.dtype)
    if isinstance(value, _ag_np.ndarray):
        return _ag_like(_ag_torch.as_tensor(value)).numpy()
    if isinstance(value, bool):
        return False if _AG_KIND == "zeros" else _ag_rng.random() < 0.5
    if isinstance(value, int):
        return 0 if _AG_KIND == "zeros" else _ag_rng.randint(0, 9)
    if isinstance(value, float):
        return 0.0 if _AG_KIND == "zeros" else _ag_rng.random()
    if isinstance(value, tuple):
        return tuple(_ag_like(v) for v in value)
    if isinstance(value, list):
        return [_ag_like(v) for v in value]
    if isinstance(value, dict):
        return {{k: _ag_like(v) for k, v in value.items()}}
    return value


def _ag_copy(values):
    """A deep copy of each argument that can be copied (a generator, say, cannot)."""
    if isinstance(values, dict):
        return {{k: _ag_copy([v])[0] for k, v in values.items()}}
    out = []
    for v in values:
        try:
            out.append(_ag_copy_mod.deepcopy(v))
        except Exception:
            out.append(v)
    return out


def _ag_trivial(fn, method=False):
    @_ag_ft.wraps(fn)
    def trivial(*args, **kwargs):
        if _ag_depth[0]:
            return fn(*args, **kwargs)
        if _AG_KIND == "nan":
            return float("nan")
        if _AG_KIND == "first_arg":
            rest = args[1:] if method else args
            return rest[0] if rest else (next(iter(kwargs.values())) if kwargs else None)
        _ag_depth[0] += 1
        try:  # on copies: the reference's side effects (in-place updates) must not happen
            value = fn(*_ag_copy(args), **_ag_copy(kwargs))
        except Exception:
            return None
        finally:
            _ag_depth[0] -= 1
        return _ag_like(value)

    return trivial


def _ag_trivial_class(cls):
    body = {{}}
    for name, attr in vars(cls).items():
        public = not name.startswith("_") or name in ("__call__",)
        if not public or isinstance(attr, (type, property)):
            continue
        if isinstance(attr, staticmethod):
            body[name] = staticmethod(_ag_trivial(attr.__func__))
        elif isinstance(attr, classmethod):
            body[name] = classmethod(_ag_trivial(attr.__func__, method=True))
        elif callable(attr):
            body[name] = _ag_trivial(attr, method=True)
    return type(cls.__name__, (cls,), body)


for _ag_name in {names!r}:
    _ag_obj = globals()[_ag_name]
    globals()[_ag_name] = (
        _ag_trivial_class(_ag_obj) if isinstance(_ag_obj, type) else _ag_trivial(_ag_obj)
    )
'''


def graded_names(cells: Iterable[Cell]) -> list[str]:
    """The public top-level functions and classes the answer cells define, in order."""
    names: list[str] = []
    for cell in cells:
        if cell.role != "answer":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # a cell with IPython magics: its definitions are not graded here
            continue
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and not node.name.startswith("_")
                and node.name not in names
            ):
                names.append(node.name)
    return names


def trivial_cell(kind: str, names: list[str]) -> Cell:
    """The answer cell that makes every graded name trivial (run after the solution's cells)."""
    if kind not in KINDS:
        raise ValueError(f"unknown trivial implementation {kind!r}; one of {', '.join(KINDS)}")
    return Cell(f"trivial-{kind}", "answer", _WRAPPER.format(kind=kind, names=names))


def trivial_problems(
    allowed: Mapping[str, str],
    records: Mapping[str, dict[str, Any] | Exception],
    names: set[str],
    any_graded: bool,
) -> list[str]:
    """What is wrong with the trivial runs (``records["trivial:<kind>"]``): tests that give a
    trivial implementation points (unless ``allowed``), allowances for tests that do not exist."""
    if not any_graded:
        return ["the solution's answer cells define no public function or class to replace"]
    problems = []
    stale = sorted(set(allowed) - names)
    if stale:
        problems.append(
            f"[validate.trivial_allowed] names tests that do not exist: {', '.join(stale)}"
        )
    for kind in KINDS:
        rec = records[f"trivial:{kind}"]
        if isinstance(rec, Exception):
            problems.append(f"{kind}: {rec}")
            continue
        earned = [
            f"{t['name']} ({t['points']:g})"
            for t in rec["tests"]
            if t["passed"] and t["points"] > 0 and t["name"] not in allowed
        ]
        if earned:
            problems.append(f"{kind} earns points from {', '.join(earned)}")
    if any(" earns points from " in p for p in problems):
        problems.append(
            "such a test passes without a real implementation: fold a value check into it"
            " (or allow it with a reason in [validate.trivial_allowed])"
        )
    return problems
