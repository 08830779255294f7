"""Hidden tests: the conditional noise network EpsMLP (its architecture is yours; these are its contract)."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import check_finite, check_tensor, points

F32, F64 = torch.float32, torch.float64

SIZES = [  # (data_dim, n_classes, hidden, time_dim, batch): B == D, B != D, the lab's defaults
    (64, 10, 256, 64, 7),
    (5, 3, 32, 8, 5),
    (3, 2, 16, 4, 6),
]


def _inputs(b, d, n_classes, seed, T=200):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(b, d, generator=g)
    t = torch.randint(1, T + 1, (b,), generator=g)
    y = torch.randint(0, n_classes + 1, (b,), generator=g)
    y[0] = n_classes  # always one null label
    return x, t, y


def _assert_uses_label(model, x, t, y, k, what):
    """A function of x_t alone (or of nothing) is not a noise model of this lab."""
    a = model(x, t, y)
    b = model(x, t, (y + 1) % (k + 1))
    assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor), f"{what} should return tensors"
    _assert_function(a, model(x, t, y), what)
    assert not torch.allclose(a.to(F64), b.to(F64), atol=1e-5), f"{what}: the output does not change with the labels"


def _assert_function(first, again, what):
    """The same (x_t, t, y) twice gives the same output: no dropout, no noise, no state in forward."""
    assert isinstance(again, torch.Tensor) and torch.allclose(first.to(F64), again.to(F64), rtol=1e-5, atol=1e-6), (
        f"{what}: the same (x_t, t, y) twice gives different outputs; the noise network must be a function of its"
        " inputs (no dropout or noise in forward, no state kept between calls)"
    )


def _build(student, d, k, h, td, seed=0):
    model = student.EpsMLP(data_dim=d, n_classes=k, hidden=h, time_dim=td)
    student.remote(testmodels.reinit_normal_, model, std=0.3, seed=seed)  # no zero-initialised layer hides anything
    return model


@points(3)
def test_eps_mlp_shapes_and_attributes(student):
    """EpsMLP(data_dim, n_classes, hidden, time_dim)(x_t, t, y) returns float32 (B, data_dim), finite, for labels
    0..n_classes (n_classes = the null label) and any batch size (also B = data_dim); the model stores data_dim
    and n_classes as attributes; its inputs are not modified; the defaults EpsMLP() are data_dim = 64 and n_classes = 10."""
    default = student.EpsMLP()
    assert (default.data_dim, default.n_classes) == (64, 10), (
        f"EpsMLP() should have data_dim = 64 and n_classes = 10 (the defaults); got {default.data_dim}, "
        f"{default.n_classes}"
    )
    for d, k, h, td, b in SIZES:
        model = _build(student, d, k, h, td)
        assert (model.data_dim, model.n_classes) == (d, k), (
            f"EpsMLP(data_dim={d}, n_classes={k}, ...) has data_dim = {model.data_dim}, n_classes = {model.n_classes}"
        )
        x, t, y = _inputs(b, d, k, seed=d)
        out, after = student.remote(testmodels.call_keeping_inputs, model, x, t, y)
        out = check_tensor(out, (b, d), F32, f"EpsMLP(data_dim={d}, ...)(x_t, t, y)")
        check_finite(out, "EpsMLP output")
        for name, before, now in zip(("x_t", "t", "y"), (x, t, y), after, strict=True):
            assert now is not None and torch.equal(now, before), f"EpsMLP modified {name} in place"
        assert float(out.std()) > 1e-4, "EpsMLP returns (almost) the same value everywhere"
        _assert_uses_label(model, x, t, y, k, f"EpsMLP(data_dim={d}, ...)")


@points(3)
@given(case=st.sampled_from(SIZES), seed=st.integers(0, 1000))
@settings(max_examples=6)
def test_eps_mlp_rows_are_independent(student, case, seed):
    """Each output row depends on its own (x_t, t, y) only: the batched output equals the outputs of the rows
    fed one by one, and permuting the batch permutes the output (no batch statistics, no broadcasting across
    samples)."""
    d, k, h, td, b = case
    model = _build(student, d, k, h, td, seed=seed)
    x, t, y = _inputs(b, d, k, seed=seed)
    full = check_tensor(model(x, t, y), (b, d), F32, "EpsMLP output").to(F64)
    check_finite(full, "EpsMLP output")
    for i in range(b):
        row = check_tensor(model(x[i : i + 1], t[i : i + 1], y[i : i + 1]), (1, d), F32, "EpsMLP on one row")
        assert torch.allclose(row[0].to(F64), full[i], rtol=1e-4, atol=1e-5), (
            f"row {i} of the batched output differs from the output for that row alone"
        )
    perm = torch.arange(b).flip(0)
    permuted = check_tensor(model(x[perm], t[perm], y[perm]), (b, d), F32, "EpsMLP output").to(F64)
    assert torch.allclose(permuted, full[perm], rtol=1e-4, atol=1e-5), "permuting the batch does not permute the output"
    assert float(full.std()) > 1e-4, "EpsMLP returns (almost) the same value everywhere"
    _assert_uses_label(model, x, t, y, k, "EpsMLP")


@points(4)
def test_eps_mlp_uses_x_t_and_y(student):
    """The output is a function of (x_t, t, y) (the same inputs twice give the same output) that changes with x_t,
    with the step t (1 vs 2 vs 200) and with the label y; each of the labels 0..n_classes-1 and the null label
    n_classes gives its own output."""
    for d, k, h, td, _ in SIZES:
        model = _build(student, d, k, h, td, seed=3)
        x, _, _ = _inputs(1, d, k, seed=11)
        xs = x.repeat(k + 1, 1)
        ys = torch.arange(k + 1)
        out = check_tensor(model(xs, torch.full((k + 1,), 100), ys), (k + 1, d), F32, "EpsMLP output").to(F64)
        check_finite(out, "EpsMLP output")
        _assert_function(out, model(xs, torch.full((k + 1,), 100), ys), "EpsMLP")
        gaps = torch.cdist(out, out) + 1e3 * torch.eye(k + 1, dtype=F64)
        assert float(gaps.min()) > 1e-5, f"data_dim = {d}: two different labels (or a label and null) give the same output"
        steps = torch.tensor([1, 2, 200])
        by_t = check_tensor(model(x.repeat(3, 1), steps, torch.zeros(3, dtype=torch.long)), (3, d), F32, "EpsMLP output")
        by_t = by_t.to(F64)
        gaps_t = torch.cdist(by_t, by_t) + 1e3 * torch.eye(3, dtype=F64)
        assert float(gaps_t.min()) > 1e-5, f"data_dim = {d}: the output does not change with t (1, 2 and 200)"
        other = check_tensor(model(-x, torch.tensor([100]), torch.tensor([0])), (1, d), F32, "EpsMLP output")
        assert not torch.allclose(other.to(F64), out[:1], atol=1e-5), f"data_dim = {d}: the output does not depend on x_t"
