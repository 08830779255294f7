"""Hidden tests of HW12: the recurrent scan, the SSM kernel and the causal FFT convolution (S4's CNN = RNN)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from ssmcheck import (
    F32,
    F64,
    causal_conv_np,
    close,
    expect_tensor,
    f32_ok,
    kernel_np,
    max_err,
    np64,
    rng,
    scan_np,
    system,
    t64,
)

from autograder.testing import points

lengths = st.one_of(st.sampled_from([1, 2, 7, 8, 33, 64]), st.integers(1, 70))


@points(4)
@given(n=st.integers(1, 6), L=lengths, with_x0=st.booleans(), seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_scan_matches_loop(student, n, L, with_x0, seed):
    """ssm_scan(Ab, Bb, C, u, x0) is y_k = C x_k with x_k = Ab x_(k-1) + Bb u_k, x_(-1) = x0 (zeros when None): shape (L,)."""
    Ab, Bb, C = system(n, seed)
    u = rng(seed + 5).normal(size=L)
    x0 = rng(seed + 6).normal(size=n) if with_x0 else None
    args = (t64(Ab), t64(Bb), t64(C), t64(u)) + ((t64(x0),) if with_x0 else ())
    got = expect_tensor(student.ssm_scan(*args), (L,), F64, "ssm_scan")
    want = scan_np(Ab, Bb, C, u, x0)
    assert close(got, want), f"N = {n}, L = {L}, x0 given: {with_x0}: ssm_scan off by {max_err(got, want):.3g}"


@points(3)
@given(n=st.integers(1, 6), L=lengths, seed=st.integers(0, 2**16))
@settings(max_examples=20)
def test_kernel_closed_form(student, n, L, seed):
    """ssm_kernel(Ab, Bb, C, L)_l = C Ab^l Bb for l = 0..L-1 (matrix powers), shape (L,)."""
    Ab, Bb, C = system(n, seed)
    got = expect_tensor(student.ssm_kernel(t64(Ab), t64(Bb), t64(C), L), (L,), F64, "ssm_kernel")
    want = kernel_np(Ab, Bb, C, L)
    assert close(got, want), f"N = {n}, L = {L}: ssm_kernel off by {max_err(got, want):.3g}"


@points(5)
@given(n=st.integers(1, 6), L=lengths, seed=st.integers(0, 2**16))
@settings(max_examples=25)
def test_scan_equals_fft_convolution(student, n, L, seed):
    """S4's CNN = RNN on random stable systems: ssm_scan(u) equals causal_conv_fft(u, ssm_kernel(..., L)) (all yours) and
    the trusted recurrence."""
    Ab, Bb, C = system(n, seed)
    u = rng(seed + 5).normal(size=L)
    rnn = expect_tensor(student.ssm_scan(t64(Ab), t64(Bb), t64(C), t64(u)), (L,), F64, "ssm_scan")
    K = expect_tensor(student.ssm_kernel(t64(Ab), t64(Bb), t64(C), L), (L,), F64, "ssm_kernel")
    cnn = expect_tensor(student.causal_conv_fft(t64(u), K), (L,), F64, "causal_conv_fft")
    want = scan_np(Ab, Bb, C, u)
    assert close(rnn, cnn, 1e-8, 1e-10), f"N = {n}, L = {L}: the scan and the FFT convolution of the kernel differ by {max_err(rnn, cnn):.3g}"
    assert close(cnn, want, 1e-8, 1e-10), f"N = {n}, L = {L}: off by {max_err(cnn, want):.3g} from the recurrence"


@points(3)
@given(n=st.integers(1, 6), L=lengths, seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_impulse_response_is_kernel(student, n, L, seed):
    """Scanning the impulse u = (1, 0, ..., 0) returns the kernel K = (C Bb, C Ab Bb, ...)."""
    Ab, Bb, C = system(n, seed)
    u = np.zeros(L)
    u[0] = 1.0
    got = expect_tensor(student.ssm_scan(t64(Ab), t64(Bb), t64(C), t64(u)), (L,), F64, "ssm_scan of the impulse")
    want = kernel_np(Ab, Bb, C, L)
    assert close(got, want), f"L = {L}: the impulse response differs from C Ab^l Bb by {max_err(got, want):.3g}"


@points(5)
@given(L=lengths, seed=st.integers(0, 2**16))
@settings(max_examples=30)
def test_causal_conv_fft_matches_direct(student, L, seed):
    """causal_conv_fft(u, K)_k = sum_(j<=k) K_j u_(k-j) (the first L terms of the full linear convolution): no circular
    wrap-around, no centring, any length (1 and non powers of two included); real, shape (L,)."""
    r = rng(seed)
    u, K = r.normal(size=L), r.normal(size=L) * np.exp(-0.05 * np.arange(L))
    got = expect_tensor(student.causal_conv_fft(t64(u), t64(K)), (L,), F64, "causal_conv_fft")
    want = causal_conv_np(u, K)
    assert close(got, want, 1e-9, 1e-10), f"L = {L}: off by {max_err(got, want):.3g} from the direct causal convolution"


@points(2)
@given(L=lengths, dtypes=st.sampled_from([(F32, F64), (F64, F32), (F32, F32), (F64, F64)]), seed=st.integers(0, 2**16))
@settings(max_examples=12)
def test_causal_conv_fft_dtype_of_u(student, L, dtypes, seed):
    """causal_conv_fft(u, K) returns a real tensor in the dtype of u, also when K has another dtype (float32 u with a
    float64 kernel and the converse), with the values of the direct causal convolution to the accuracy of that dtype
    (a float64 u gets float64 accuracy)."""
    du, dk = dtypes
    r = rng(seed)
    u, K = r.normal(size=L), r.normal(size=L) * np.exp(-0.05 * np.arange(L))
    got = expect_tensor(student.causal_conv_fft(t64(u).to(du), t64(K).to(dk)), (L,), du,
                        f"causal_conv_fft of a {str(du)[6:]} u and a {str(dk)[6:]} K")
    want = causal_conv_np(np64(t64(u).to(du)), np64(t64(K).to(dk)))
    ok = close(got, want, 1e-9, 1e-10) if du == F64 else f32_ok(got, want)
    assert ok, f"L = {L}: off by {max_err(got, want):.3g} from the direct causal convolution"


@points(4)
@given(n=st.integers(1, 5), L=st.integers(2, 40), seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_causality_and_shift_equivariance(student, n, L, seed):
    """Both views are causal (changing u after position k leaves y_0..y_k unchanged) and shift-equivariant (delaying u by
    s steps, with zeros in front, delays y by s steps), and match the recurrence."""
    r = rng(seed)
    Ab, Bb, C = system(n, seed)
    k, s = int(r.integers(0, L - 1)), int(r.integers(1, L))
    u = r.normal(size=L)
    u2 = u.copy()
    u2[k + 1:] = r.normal(size=L - k - 1) * 3
    shifted = np.concatenate([np.zeros(s), u[: L - s]])
    K = t64(kernel_np(Ab, Bb, C, L))
    for name, run in (("ssm_scan", lambda v: student.ssm_scan(t64(Ab), t64(Bb), t64(C), t64(v))),
                      ("causal_conv_fft", lambda v: student.causal_conv_fft(t64(v), K))):
        y, y2, ys = (expect_tensor(run(v), (L,), F64, name) for v in (u, u2, shifted))
        assert close(y, scan_np(Ab, Bb, C, u), 1e-8, 1e-10), f"{name}: off by {max_err(y, scan_np(Ab, Bb, C, u)):.3g}"
        assert close(y[: k + 1], y2[: k + 1], 1e-10, 1e-11), (
            f"{name} is not causal: changing u after position {k} changed y[:{k + 1}] by {max_err(y[: k + 1], y2[: k + 1]):.3g}"
        )
        assert close(ys[s:], y[: L - s], 1e-8, 1e-10) and close(ys[:s], np.zeros(s), 0, 1e-10), (
            f"{name}: delaying the input by {s} steps does not delay the output by {s} steps"
        )
