"""Hidden tests of HW12: Mamba's selective scan, the parallel scan and the chunked scan."""

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from ssmcheck import (
    F64,
    close,
    expect_tensor,
    max_err,
    rng,
    scan_loop_np,
    scan_np,
    selective_case,
    selective_closed_form,
    selective_loop,
    t64,
)

from autograder.testing import points


def _y(student, case, what="selective_scan"):
    u = case[0]
    return expect_tensor(student.selective_scan(*case), u.shape, F64, what)


@points(8)
@given(case=selective_case())
@settings(max_examples=30)
def test_selective_scan_matches_sequential_loop(student, case):
    """selective_scan(u, delta, A, B, C, D) equals a trusted loop over batch, channel, time and state:
    h = exp(delta A) h + delta B u, y = C . h + D u, with mamba-minimal's shapes (b == d and d == n included)."""
    got = _y(student, case)
    want = selective_loop(*case)
    b, l, d = case[0].shape
    assert close(got, want, 1e-9, 1e-10), f"b = {b}, l = {l}, d = {d}, n = {case[2].shape[1]}: off by {max_err(got, want):.3g}"


@points(6)
@given(case=selective_case(max_l=10))
@settings(max_examples=20)
def test_selective_scan_closed_form(student, case):
    """The state of the selective scan is h_k = sum_(j<=k) exp(A sum_(i=j+1..k) delta_i) delta_j B_j u_j (computed here from
    cumulative sums of delta, with no recurrence), and y_k = C_k . h_k + D u_k."""
    got = _y(student, case)
    want = selective_closed_form(*case)
    assert close(got, want, 1e-8, 1e-10), f"off by {max_err(got, want):.3g} from the closed form"


@points(3)
@given(case=selective_case())
@settings(max_examples=15)
def test_d_skip(student, case):
    """D is a pure skip connection: selective_scan - selective_scan(D = 0) = D * u; as delta -> 0 (delta = 1e-12) the state
    never moves and y = D * u."""
    u, delta, A, B, C, D = case
    y, y0 = _y(student, case), _y(student, (u, delta, A, B, C, torch.zeros_like(D)))
    assert close(y - y0, u * D, 1e-9, 1e-10), f"selective_scan - selective_scan(D = 0) differs from D * u by {max_err(y - y0, u * D):.3g}"
    assert close(y0, selective_loop(u, delta, A, B, C, torch.zeros_like(D)), 1e-9, 1e-10), "selective_scan with D = 0 is wrong"
    tiny = _y(student, (u, torch.full_like(delta, 1e-12), A, B, C, D))
    assert close(tiny, u * D, 1e-9, 1e-9), f"with delta = 1e-12 the output should be D * u; off by {max_err(tiny, u * D):.3g}"


@points(3)
@given(n=st.integers(1, 5), L=st.integers(1, 30), dt=st.floats(0.01, 1.0), seed=st.integers(0, 2**16))
@settings(max_examples=15)
def test_selective_scan_lti_case_is_ssm_scan(student, n, L, dt, seed):
    """With delta, B and C the same at every position (b = d = 1), the selective scan is the LTI recurrence with
    Ab = diag(exp(delta A)) and the Euler Bb = delta B, i.e. your ssm_scan with those matrices (plus D u)."""
    r = rng(seed)
    A, B, C, D = -r.uniform(0.1, 3.0, size=n), r.normal(size=n), r.normal(size=n), float(r.normal())
    u = r.normal(size=L)
    case = (t64(u.reshape(1, L, 1)), t64(np.full((1, L, 1), dt)), t64(A.reshape(1, n)),
            t64(np.tile(B, (1, L, 1))), t64(np.tile(C, (1, L, 1))), t64([D]))
    got = _y(student, case)[0, :, 0]
    lti = expect_tensor(student.ssm_scan(t64(np.diag(np.exp(dt * A))), t64(dt * B), t64(C), t64(u)), (L,), F64, "ssm_scan")
    want = scan_np(np.diag(np.exp(dt * A)), dt * B, C, u) + D * u
    assert close(lti + D * t64(u), want, 1e-9, 1e-10), "ssm_scan on the discretised LTI system is wrong"
    assert close(got, want, 1e-9, 1e-10), f"the LTI special case of selective_scan differs from the recurrence by {max_err(got, want):.3g}"


@points(2)
@given(case=selective_case())
@settings(max_examples=10)
def test_selective_scan_causal(student, case):
    """The selective scan is causal: changing u, delta, B, C after position k leaves y[:, :k + 1] unchanged."""
    u, delta, A, B, C, D = case
    L = u.shape[1]
    k = L // 2
    u2, d2, B2, C2 = (v.clone() for v in (u, delta, B, C))
    for v in (u2, d2, B2, C2):
        v[:, k + 1:] = v[:, k + 1:].flip(1) * 1.7 + 0.3
    d2 = d2.abs() + 0.01
    d2[:, : k + 1] = delta[:, : k + 1]
    y, y2 = _y(student, case), _y(student, (u2, d2, A, B2, C2, D))
    assert close(y, selective_loop(*case), 1e-9, 1e-10), "selective_scan is wrong"
    assert close(y[:, : k + 1], y2[:, : k + 1], 1e-10, 1e-11), f"changing the inputs after position {k} changed earlier outputs"


@points(6)
@given(L=st.integers(1, 65), rest=st.sampled_from([(), (3,), (2, 3)]), seed=st.integers(0, 2**16))
@settings(max_examples=30)
def test_parallel_scan_matches_loop(student, L, rest, seed):
    """parallel_scan(a, b) along dim 0 equals the loop h_k = a_k h_(k-1) + b_k (h_(-1) = 0) for every length 1..65 (non
    powers of two included) and trailing shapes (), (3,), (2, 3); a in (-1.2, 1.2) so that order mistakes show."""
    r = rng(seed)
    a, b = r.uniform(-1.2, 1.2, size=(L, *rest)), r.normal(size=(L, *rest))
    got = expect_tensor(student.parallel_scan(t64(a), t64(b)), (L, *rest), F64, "parallel_scan")
    want = scan_loop_np(a, b)
    assert close(got, want, 1e-9, 1e-9), f"L = {L}: parallel_scan differs from the sequential loop by {max_err(got, want):.3g}"


@points(6)
@given(case=selective_case(max_l=14), data=st.data())
@settings(max_examples=25)
def test_chunked_equals_full(student, case, data):
    """selective_scan_chunked(..., chunk) equals the full selective scan for every chunk size from 1 to beyond the length
    (chunks that do not divide the length included): the state is carried from chunk to chunk."""
    L = case[0].shape[1]
    chunk = data.draw(st.one_of(st.sampled_from([1, 2, 3, max(1, L - 1), L, L + 2]), st.integers(1, L + 2)), label="chunk")
    got = expect_tensor(student.selective_scan_chunked(*case, chunk), case[0].shape, F64, "selective_scan_chunked")
    want = selective_loop(*case)
    assert close(got, want, 1e-9, 1e-10), f"l = {L}, chunk = {chunk}: off by {max_err(got, want):.3g} from the full scan"
