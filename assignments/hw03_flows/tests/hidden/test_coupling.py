"""Hidden tests of HW03: the affine coupling layer (RealNVP).

The student's conditioner architecture is free, so nothing here compares against the
reference's weights: every check is a property of *any* correct coupling layer, evaluated on
the trusted side from the values the layer returns, after all its parameters were redrawn.
"""

import math

import torch
from autograder import testmodels
from autograder.testing import points, visibility
from flowcheck import (
    F32,
    F64,
    check_coupling_values,
    check_finite,
    check_flow_output,
    check_transforms,
    coupling_cases,
    fd_jacobian,
    fixed_case,
    flow_call,
    make_layer,
    max_err,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

CASE_SQUARE = fixed_case(4, [True, False, True, False], batch=4, seed=1)  # batch == dim
CASE_TALL = fixed_case(5, [False, True, True, False, False], batch=7, seed=2)  # batch != dim


@points(4)
@visibility("visible")
def test_coupling_shapes_dtypes(student):
    """AffineCoupling has an int `dim`; forward and inverse return (B, D) values and (B,) logdets in the input's dtype, in float32 and float64, agree across the two dtypes, and are a coupling's values (masked coordinates copied, inverse(forward(x)) = x)."""
    for dim, mask, batch in (
        (4, [True, False, True, False], 4),
        (3, [False, True, False], 6),
        (2, [True, False], 1),
    ):
        layer = make_layer(student, dim, mask, seed=3, dtype="float32")
        got_dim = layer.dim
        assert isinstance(got_dim, int) and got_dim == dim, (
            f"layer.dim should be the int {dim}; got {got_dim!r}"
        )
        x32 = torch.linspace(-3, 3, batch * dim, dtype=F32).reshape(batch, dim)
        z32, ld32 = flow_call(layer, x32, "forward (float32)")
        flow_call(layer.inverse, x32, "inverse (float32)")
        layer = student.remote(testmodels.set_dtype_, layer, "float64")
        z64, ld64 = flow_call(layer, x32.to(F64), "forward (float64)")
        flow_call(layer.inverse, x32.to(F64), "inverse (float64)")
        check_finite(z32, "forward's value in float32")
        err = max(max_err(z32.to(F64), z64), max_err(ld32.to(F64), ld64))
        assert err < 1e-4 * (1 + float(z64.abs().max())), (
            f"the same layer in float32 and float64 gives results differing by {err:.3g}"
        )
        check_coupling_values(layer, x32.to(F64), mask, f"the layer of dim {dim} in float64")


@points(10)
@visibility("hidden")
@given(case=coupling_cases())
@example(case=CASE_SQUARE)
@example(case=CASE_TALL)
def test_coupling_inverse_roundtrip(student, case):
    """inverse(forward(x)) gives back x in float64 to 1e-8, for dimensions 2-6, any mask and any batch size."""
    layer = make_layer(student, case.dim, case.mask, seed=case.seed)
    z, _ = flow_call(layer, case.x, "forward")
    check_transforms(z, case.x, case.mask)
    back, _ = flow_call(layer.inverse, z, "inverse")
    err = max_err(back, case.x)
    assert err <= 1e-8, f"inverse(forward(x)) differs from x by up to {err:.3g}"


@points(10)
@visibility("hidden")
@given(case=coupling_cases())
@example(case=CASE_SQUARE)
@example(case=CASE_TALL)
def test_coupling_logdet_matches_jacobian(student, case):
    """forward's logdet is log|det dz/dx| of the layer's Jacobian, sample by sample (float64, finite differences, atol 1e-5)."""
    layer = make_layer(student, case.dim, case.mask, seed=case.seed)
    z, logdet = flow_call(layer, case.x, "forward")
    check_transforms(z, case.x, case.mask)
    jac = fd_jacobian(layer, case.x, "forward")
    sign, expected = torch.linalg.slogdet(jac)
    assert bool((sign != 0).all()), "the layer's Jacobian is singular at some input"
    err = max_err(logdet, expected)
    assert err <= 1e-5, (
        f"logdet differs from log|det dz/dx| by up to {err:.3g} "
        f"(logdet {logdet[:4].tolist()}, log|det J| {expected[:4].tolist()})"
    )


@points(4)
@visibility("hidden")
@given(case=coupling_cases())
@example(case=CASE_SQUARE)
def test_coupling_inverse_logdet_is_minus_forward(student, case):
    """inverse's logdet at z = forward(x) equals minus forward's logdet at x (float64, atol 1e-8)."""
    layer = make_layer(student, case.dim, case.mask, seed=case.seed)
    z, logdet = flow_call(layer, case.x, "forward")
    check_transforms(z, case.x, case.mask)
    _, logdet_inv = flow_call(layer.inverse, z, "inverse")
    err = max_err(logdet_inv, -logdet)
    assert err <= 1e-8, f"inverse logdet + forward logdet should be 0; off by up to {err:.3g}"


@points(4)
@visibility("hidden")
@given(case=coupling_cases())
@example(case=CASE_TALL)
def test_coupling_masked_coordinates_copied(student, case):
    """Coordinates where the mask is True pass through forward and inverse exactly (bit for bit)."""
    layer = make_layer(student, case.dim, case.mask, seed=case.seed)
    m = torch.tensor(case.mask)
    z, _ = flow_call(layer, case.x, "forward")
    check_transforms(z, case.x, case.mask)
    assert torch.equal(z[:, m], case.x[:, m]), (
        f"forward changed masked coordinates by up to {max_err(z[:, m], case.x[:, m]):.3g}"
    )
    back, _ = flow_call(layer.inverse, case.x, "inverse")
    assert torch.equal(back[:, m], case.x[:, m]), (
        f"inverse changed masked coordinates by up to {max_err(back[:, m], case.x[:, m]):.3g}"
    )


@points(5)
@visibility("hidden")
@settings(max_examples=15)
@given(case=coupling_cases())
@example(case=CASE_SQUARE)
@example(case=CASE_TALL)
def test_coupling_jacobian_is_triangular(student, case):
    """The layer is a real coupling: the transformed coordinates depend on the masked ones, each scaled by a positive factor, and not on each other; the map is not the identity."""
    layer = make_layer(student, case.dim, case.mask, seed=case.seed)
    m = torch.tensor(case.mask)
    jac = fd_jacobian(layer, case.x, "forward")
    free = ~m
    block = jac[:, free][:, :, free]  # d z_free / d x_free
    diag = torch.diagonal(block, dim1=1, dim2=2)
    off = block - torch.diag_embed(diag)
    assert float(off.abs().max()) < 1e-6, (
        "a transformed coordinate depends on another transformed coordinate "
        f"(off-diagonal Jacobian entry {float(off.abs().max()):.3g})"
    )
    assert bool((diag > 0).all()), "a transformed coordinate has a non-positive scale factor"
    assert float((diag - 1).abs().max()) > 1e-3, (
        "with random weights every scale factor is 1: the layer only shifts, it does not scale"
    )
    z, _ = flow_call(layer, case.x, "forward")
    probe = torch.linspace(-2, 2, 9 * case.dim, dtype=F64).reshape(9, case.dim)
    zp, _ = flow_call(layer, probe, "forward")
    assert max(max_err(z[:, free], case.x[:, free]), max_err(zp[:, free], probe[:, free])) > 1e-3, (
        "with random weights the layer leaves every transformed coordinate unchanged (it is the identity)"
    )
    jp = fd_jacobian(layer, probe, "forward")
    cond = jp[:, free][:, :, m]  # d z_free / d x_masked
    assert float(cond.abs().max()) > 1e-4, (
        "with random weights the transformed coordinates do not depend on the masked ones"
    )


@points(2)
@visibility("hidden")
@given(dtype=st.sampled_from(["float32", "float64"]), batch=st.sampled_from([1, 3, 5]))
@settings(max_examples=6)
def test_coupling_does_not_mutate_inputs(student, dtype, batch):
    """forward and inverse leave their input tensor unchanged (and compute a coupling's values on it)."""
    layer = make_layer(student, 3, [True, False, False], seed=5, dtype=dtype)
    x = torch.linspace(-2, 2, batch * 3, dtype=getattr(torch, dtype)).reshape(batch, 3)
    for name in ("forward", "inverse"):
        fn = layer if name == "forward" else layer.inverse
        out, after = student.remote(testmodels.call_keeping_inputs, fn, x.clone())
        check_flow_output(out, x, name)
        assert isinstance(after, list) and len(after) == 1 and isinstance(after[0], torch.Tensor)
        assert torch.equal(after[0], x), f"{name} modified its input in place"
    check_coupling_values(layer, x, [True, False, False], f"the layer in {dtype}")


@points(2)
@visibility("hidden")
def test_coupling_scale_is_bounded(student):
    """The log-scale is squashed, s = tanh(S(h)): with the conditioner's weights redrawn large (std 3), every transformed coordinate's derivative dz_j/dx_j stays within [1/e, e] and |logdet| is at most the number of transformed coordinates."""
    for dim, mask, seed in ((4, [True, False, True, False], 21), (3, [False, True, False], 22)):
        layer = make_layer(student, dim, mask, seed=seed, std=3.0)
        x = torch.linspace(-3, 3, 8 * dim, dtype=F64).reshape(8, dim)
        z, logdet = flow_call(layer, x, "forward")
        check_coupling_values(layer, x, mask, f"the layer of dim {dim} with large weights")
        n_free = mask.count(False)
        assert float(logdet.abs().max()) <= n_free + 1e-9, (
            f"|logdet| reaches {float(logdet.abs().max()):.3g} > {n_free} (the number of transformed "
            "coordinates): the log-scale s is not bounded by tanh"
        )
        free = ~torch.tensor(mask)
        jac = fd_jacobian(layer, x, "forward")
        diag = torch.diagonal(jac[:, free][:, :, free], dim1=1, dim2=2)
        lo, hi = float(diag.min()), float(diag.max())
        assert lo >= math.exp(-1) - 1e-6 and hi <= math.e + 1e-6, (
            f"a transformed coordinate's derivative exp(s) lies in [{lo:.3g}, {hi:.3g}], outside [1/e, e]: "
            "the log-scale s is not bounded by tanh"
        )
