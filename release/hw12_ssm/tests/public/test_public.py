"""Public checks of HW12 (students get this file; run it with `autograder check`).

They look at shapes and at values you can verify by hand; the hidden tests check the same properties on random systems
of many sizes, against loops, scipy's matrix exponential and direct convolutions.
"""

import math

import torch

from autograder.testing import points, visibility

F64 = torch.float64


def _tensor(t, shape, dtype, what):
    assert isinstance(t, torch.Tensor), f"{what} should be a torch.Tensor; got {type(t).__name__}"
    assert tuple(t.shape) == tuple(shape), f"{what} has shape {tuple(t.shape)}; expected {tuple(shape)}"
    assert t.dtype == dtype, f"{what} has dtype {t.dtype}; expected {dtype}"
    return t


@points(3)
@visibility("visible")
def test_public_zoh_by_hand(student):
    """discretize_zoh([-1, -2], [1, 3], 0.5): Ab = (e^-0.5, e^-1), Bb = ((1 - e^-0.5), 3 (1 - e^-1) / 2)."""
    Ab, Bb = student.discretize_zoh(torch.tensor([-1.0, -2.0], dtype=F64), torch.tensor([1.0, 3.0], dtype=F64), 0.5)
    _tensor(Ab, (2,), F64, "Ab"), _tensor(Bb, (2,), F64, "Bb")
    want_a = [math.exp(-0.5), math.exp(-1.0)]
    want_b = [1 - math.exp(-0.5), 3 * (1 - math.exp(-1.0)) / 2]
    assert torch.allclose(Ab, torch.tensor(want_a, dtype=F64), atol=1e-12), f"Ab should be {want_a}; got {Ab.tolist()}"
    assert torch.allclose(Bb, torch.tensor(want_b, dtype=F64), atol=1e-12), f"Bb should be {want_b}; got {Bb.tolist()}"


@points(3)
@visibility("visible")
def test_public_scalar_kernel_and_scan(student):
    """For the 1-state system Ab = 0.5, Bb = 2, C = 3: the kernel is 6 * 0.5^l, and the scan of u = (1, 1, 1, 1) is its
    running sum (6, 9, 10.5, 11.25), as is the FFT convolution of u with the kernel."""
    Ab, Bb, C = torch.tensor([[0.5]], dtype=F64), torch.tensor([2.0], dtype=F64), torch.tensor([3.0], dtype=F64)
    K = _tensor(student.ssm_kernel(Ab, Bb, C, 4), (4,), F64, "ssm_kernel")
    assert torch.allclose(K, torch.tensor([6.0, 3.0, 1.5, 0.75], dtype=F64), atol=1e-12), f"kernel should be [6, 3, 1.5, 0.75]; got {K.tolist()}"
    u = torch.ones(4, dtype=F64)
    want = torch.tensor([6.0, 9.0, 10.5, 11.25], dtype=F64)
    y = _tensor(student.ssm_scan(Ab, Bb, C, u), (4,), F64, "ssm_scan")
    assert torch.allclose(y, want, atol=1e-12), f"ssm_scan should give {want.tolist()}; got {y.tolist()}"
    y = _tensor(student.causal_conv_fft(u, want.new_tensor([6.0, 3.0, 1.5, 0.75])), (4,), F64, "causal_conv_fft")
    assert torch.allclose(y, want, atol=1e-10), f"causal_conv_fft should give {want.tolist()}; got {y.tolist()}"


@points(4)
@visibility("visible")
def test_public_selective_scan_one_step(student):
    """selective_scan with l = 1 (one position): the state is delta B u, so y = C . (delta B u) + D u; shape (b, l, d)."""
    b, l, d, n = 2, 1, 3, 2
    u = torch.arange(1.0, 7.0, dtype=F64).reshape(b, l, d)
    delta = torch.full((b, l, d), 0.5, dtype=F64)
    A = -torch.ones(d, n, dtype=F64)
    B = torch.tensor([[[1.0, 2.0]], [[0.0, -1.0]]], dtype=F64)
    C = torch.tensor([[[1.0, 1.0]], [[2.0, 0.5]]], dtype=F64)
    D = torch.tensor([1.0, 0.0, -1.0], dtype=F64)
    y = _tensor(student.selective_scan(u, delta, A, B, C, D), (b, l, d), F64, "selective_scan")
    want = 0.5 * u * (B * C).sum(-1, keepdim=True) + u * D
    assert torch.allclose(y, want, atol=1e-12), f"expected {want.tolist()}; got {y.tolist()}"
