"""Hidden tests of HW03: the closed-form densities (standard normal, linear flow).

Both functions are fully specified, so they are compared with an independent closed form
computed here (torch.distributions) and with the reference solution.
"""

import math

import torch
from autograder import testmodels
from autograder.testing import points, visibility
from flowcheck import F32, F64, check_tensor, finite, max_err, random_invertible
from hypothesis import example, given
from hypothesis import strategies as st


@st.composite
def latent_batches(draw):
    """z of shape (B, D): D in 1-6, B often == D, entries in [-5, 5]."""
    dim = draw(st.integers(1, 6))
    batch = draw(st.one_of(st.just(dim), st.integers(1, 8)))
    values = draw(st.lists(finite, min_size=batch * dim, max_size=batch * dim))
    return torch.tensor(values, dtype=F64).reshape(batch, dim)


@points(5)
@visibility("visible")
@given(z=latent_batches())
@example(z=torch.zeros(3, 3, dtype=F64))
@example(z=torch.full((2, 5), -5.0, dtype=F64))
def test_standard_normal_logprob_values(student, reference, z):
    """standard_normal_logprob(z) is log N(z; 0, I) of each row: -|z|²/2 - D/2 log(2π), shape (B,) (float64, atol 1e-10)."""
    got = check_tensor(
        student.standard_normal_logprob(z), (z.shape[0],), F64, "standard_normal_logprob(z)"
    )
    expected = torch.distributions.Normal(0.0, 1.0).log_prob(z).sum(-1)
    err = max_err(got, expected)
    assert err <= 1e-10, f"differs from log N(z; 0, I) by up to {err:.3g}"
    assert max_err(reference.standard_normal_logprob(z).detach(), expected) <= 1e-10, (
        "test set-up: reference"
    )


@points(2)
@visibility("hidden")
def test_standard_normal_logprob_dtype_and_inputs(student):
    """standard_normal_logprob keeps float32 / float64 and leaves its input unchanged."""
    fn = student.get("standard_normal_logprob")
    for dtype in (F32, F64):
        z = torch.linspace(-3, 3, 12, dtype=dtype).reshape(4, 3)
        out, after = student.remote(testmodels.call_keeping_inputs, fn, z.clone())
        got = check_tensor(out, (4,), dtype, f"standard_normal_logprob of a {dtype} input")
        expected = -0.5 * (z.to(F64) ** 2).sum(-1) - 1.5 * math.log(2 * math.pi)
        assert max_err(got.to(F64), expected) < 1e-4, f"wrong values for a {dtype} input"
        assert isinstance(after, list) and len(after) == 1 and isinstance(after[0], torch.Tensor)
        assert torch.equal(after[0], z), "standard_normal_logprob modified its input in place"


@st.composite
def linear_flow_cases(draw):
    """x (B, D), a well-conditioned A (either sign of det) and b; D in 1-5, B often == D."""
    dim = draw(st.integers(1, 5))
    batch = draw(st.one_of(st.just(dim), st.integers(1, 8)))
    values = draw(st.lists(finite, min_size=batch * dim, max_size=batch * dim))
    seed = draw(st.integers(0, 10_000))
    gen = torch.Generator().manual_seed(seed)
    a = random_invertible(dim, gen) * draw(st.sampled_from([0.5, 1.0, 3.0]))
    b = 2 * torch.randn(dim, generator=gen, dtype=F64)
    return torch.tensor(values, dtype=F64).reshape(batch, dim), a, b


@points(8)
@visibility("hidden")
@given(case=linear_flow_cases())
@example(
    case=(
        torch.eye(3, dtype=F64),
        torch.diag(torch.tensor([2.0, -1.0, 0.5], dtype=F64)),
        torch.ones(3, dtype=F64),
    )
)
def test_linear_flow_logprob_is_gaussian(student, reference, case):
    """linear_flow_logprob(x, A, b) = log N(x; -A⁻¹b, (AᵀA)⁻¹) for invertible A, any batch size (float64, atol 1e-8)."""
    x, a, b = case
    got = check_tensor(
        student.linear_flow_logprob(x, a, b), (x.shape[0],), F64, "linear_flow_logprob(x, A, b)"
    )
    expected = torch.distributions.MultivariateNormal(
        loc=-torch.linalg.solve(a, b), precision_matrix=a.T @ a
    ).log_prob(x)
    tol = 1e-8 * (1 + float(expected.abs().max()))
    err = max_err(got, expected)
    assert err <= tol, (
        f"differs from the Gaussian log-density log N(x; -A⁻¹b, (AᵀA)⁻¹) by up to {err:.3g}"
    )
    assert max_err(reference.linear_flow_logprob(x, a, b).detach(), expected) <= tol, (
        "test set-up: reference"
    )


@points(2)
@visibility("hidden")
def test_linear_flow_logprob_dtype_and_inputs(student):
    """linear_flow_logprob keeps float32 / float64 and leaves x, A and b unchanged."""
    fn = student.get("linear_flow_logprob")
    gen = torch.Generator().manual_seed(0)
    a64 = random_invertible(3, gen)
    b64 = torch.randn(3, generator=gen, dtype=F64)
    x64 = torch.randn(5, 3, generator=gen, dtype=F64)
    expected = torch.distributions.MultivariateNormal(
        loc=-torch.linalg.solve(a64, b64), precision_matrix=a64.T @ a64
    ).log_prob(x64)
    for dtype in (F32, F64):
        x, a, b = x64.to(dtype), a64.to(dtype), b64.to(dtype)
        out, after = student.remote(
            testmodels.call_keeping_inputs, fn, x.clone(), a.clone(), b.clone()
        )
        got = check_tensor(out, (5,), dtype, f"linear_flow_logprob of {dtype} inputs")
        assert max_err(got.to(F64), expected) < 1e-4, f"wrong values for {dtype} inputs"
        assert isinstance(after, list) and len(after) == 3
        for name, before, now in zip(("x", "A", "b"), (x, a, b), after, strict=True):
            assert isinstance(now, torch.Tensor) and torch.equal(now, before), (
                f"linear_flow_logprob modified its input {name} in place"
            )
