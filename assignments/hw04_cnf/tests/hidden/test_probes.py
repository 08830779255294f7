"""Hidden tests of HW04: random probes for the Hutchinson estimator.

The probes are random, so these tests look at what every probe must satisfy (shape, dtype, ±1
entries) and at moments over 20000 rows, with tolerances of 5 standard errors.
"""

import math

import torch
from cnfcheck import check_tensor

from autograder import testmodels
from autograder.errors import StudentError
from autograder.testing import points, visibility

N, D = 20000, 4


def _probe(student, shape, kind, seed):
    z = student.sample_probe(shape, kind, student.remote(testmodels.generator, seed))
    return check_tensor(
        z, tuple(shape), torch.get_default_dtype(), f"sample_probe({tuple(shape)}, {kind!r}, generator)"
    )


@points(3)
@visibility("hidden")
def test_probe_shapes_and_values(student):
    """sample_probe returns a tensor of the requested shape (any number of axes) in the default dtype; Rademacher entries are exactly ±1 (both signs occur), Gaussian entries take many different values; any other kind raises a ValueError."""
    for k, shape in enumerate([(7,), (4, 5), (2, 3, 4), (64, 3)]):
        z = _probe(student, shape, "rademacher", k)
        assert bool(((z == 1) | (z == -1)).all()), (
            f"a Rademacher probe of shape {shape} has entries other than ±1: {sorted(set(z.reshape(-1).tolist()))[:6]}"
        )
        if z.numel() >= 20:
            assert bool((z == 1).any()) and bool((z == -1).any()), f"a Rademacher probe of shape {shape} has one sign only"
        g = _probe(student, shape, "gaussian", 10 + k)
        assert len(set(g.reshape(-1).tolist())) == g.numel(), (
            f"a Gaussian probe of shape {shape} repeats values: its entries should be independent N(0, 1) draws"
        )
    try:
        student.sample_probe((3, 2), "uniform", student.remote(testmodels.generator, 0))
    except StudentError as exc:
        if exc.not_answered:
            raise
        assert exc.kind == "ValueError", f"sample_probe with kind 'uniform' raised {exc.kind}; expected a ValueError"
    else:
        raise AssertionError("sample_probe with kind 'uniform' returned a value; expected a ValueError")


@points(3)
@visibility("hidden")
def test_probe_moments(student):
    """Over 20000 probes in dimension 4 (one call per kind): E[z] = 0 and E[z zᵀ] = I for both kinds (the condition of Hutchinson's identity), E[z⁴] = 3 for Gaussian probes; all within 5 standard errors."""
    for kind, seed in (("rademacher", 1), ("gaussian", 2)):
        z = _probe(student, (N, D), kind, seed).to(torch.float64)
        mean = z.mean(0)
        tol = 5 / math.sqrt(N)
        assert float(mean.abs().max()) <= tol, (
            f"{kind} probes: the coordinates have means {[round(v, 4) for v in mean.tolist()]}; expected 0 (± {tol:.3f})"
        )
        second = z.T @ z / N
        off = second - torch.diag(second.diag())
        assert float(off.abs().max()) <= tol, (
            f"{kind} probes: E[z_i z_j] for i != j is up to {float(off.abs().max()):.4f}; expected 0 (± {tol:.3f}): "
            "the coordinates must be independent"
        )
        diag_tol = 5 * math.sqrt(2 / N) if kind == "gaussian" else 1e-12
        assert float((second.diag() - 1).abs().max()) <= diag_tol, (
            f"{kind} probes: E[z_i²] = {[round(v, 4) for v in second.diag().tolist()]}; expected 1 (± {diag_tol:.3g})"
        )
        if kind == "gaussian":
            fourth = (z**4).mean(0)
            tol4 = 5 * math.sqrt(96 / N)
            assert float((fourth - 3).abs().max()) <= tol4, (
                f"gaussian probes: E[z_i⁴] = {[round(v, 3) for v in fourth.tolist()]}; a standard Gaussian has 3 "
                f"(± {tol4:.2f})"
            )


@points(3)
@visibility("hidden")
def test_probe_uses_generator(student):
    """sample_probe draws from the generator it is given: two generators with the same seed give the same probe whatever the global random state, different seeds give different probes."""
    for kind in ("rademacher", "gaussian"):
        student.remote(testmodels.reseed_global, 1)
        a = _probe(student, (50, 3), kind, 123)
        student.remote(testmodels.reseed_global, 2)
        b = _probe(student, (50, 3), kind, 123)
        assert torch.equal(a, b), (
            f"sample_probe(..., {kind!r}, generator) changes with the global random state although a generator "
            "with the same seed is passed"
        )
        c = _probe(student, (50, 3), kind, 456)
        assert not torch.equal(a, c), (
            f"sample_probe(..., {kind!r}, generator) gives the same probe for generators with different seeds"
        )


@points(1)
@visibility("hidden")
def test_probe_default_generator(student):
    """sample_probe(shape, kind) and sample_probe(shape, kind, None) draw from torch's global generator, like torch.randn(..., generator=None): the same global seed gives the same probe, another seed another probe."""
    for kind in ("rademacher", "gaussian"):
        probes = []
        for seed, args in ((7, ()), (7, (None,)), (8, ())):
            student.remote(testmodels.reseed_global, seed)
            z = student.sample_probe((50, 3), kind, *args)
            what = f"sample_probe((50, 3), {kind!r}{', None' if args else ''})"
            probes.append(check_tensor(z, (50, 3), torch.get_default_dtype(), what))
        a, b, c = probes
        assert torch.equal(a, b), (
            f"sample_probe(..., {kind!r}) without a generator and with generator=None give different probes after "
            "the same torch.manual_seed: None means torch's global generator"
        )
        assert not torch.equal(a, c), (
            f"sample_probe(..., {kind!r}) without a generator gives the same probe after torch.manual_seed(7) and "
            "torch.manual_seed(8): with generator=None the probe must come from torch's global generator"
        )
        if kind == "rademacher":
            assert bool(((a == 1) | (a == -1)).all()), "a Rademacher probe drawn without a generator has entries other than ±1"
