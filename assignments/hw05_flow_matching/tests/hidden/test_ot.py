"""Hidden tests of HW05: mini-batch optimal-transport pairing."""

import torch
from fmcheck import check_permutation, optimal_cost, pairing_cost, randn, random_perms
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility

bd = st.one_of(
    st.integers(2, 8).map(lambda b: (b, b)),  # batch == feature dim
    st.tuples(st.integers(2, 12), st.integers(1, 4)),
)


@points(2)
@visibility("visible")
def test_ot_pairing_is_permutation(student):
    """ot_pairing returns a LongTensor of shape (B,) holding a permutation of 0, ..., B-1."""
    for k, (b, d) in enumerate([(1, 2), (4, 4), (7, 2), (5, 1)]):
        x0, x1 = randn((b, d), 90 + k), randn((b, d), 95 + k, scale=2.0)
        check_permutation(student.ot_pairing(x0, x1), b, f"ot_pairing on ({b}, {d}) inputs")


@points(4)
@visibility("hidden")
@given(bd=bd, seed=st.integers(0, 10_000))
@example(bd=(4, 4), seed=0)
@example(bd=(10, 2), seed=1)
@settings(max_examples=20)
def test_ot_pairing_never_worse(student, bd, seed):
    """Pairing x0[i] with x1[perm[i]] costs (total squared distance) no more than the identity pairing, nor than any of 50 random permutations."""
    b, d = bd
    x0, x1 = randn((b, d), seed), randn((b, d), seed + 1, scale=2.0) + 1.0
    perm = check_permutation(student.ot_pairing(x0, x1), b, "ot_pairing")
    cost = pairing_cost(x0, x1, perm)
    ident = pairing_cost(x0, x1, torch.arange(b))
    assert cost <= ident + 1e-9, (
        f"the returned pairing costs {cost:.6g}, more than the identity pairing ({ident:.6g})"
    )
    for p in random_perms(b, 50, seed):
        other = pairing_cost(x0, x1, p)
        assert cost <= other + 1e-9, (
            f"the returned pairing costs {cost:.6g}, more than the permutation {p.tolist()} ({other:.6g})"
        )


@points(2)
@visibility("hidden")
@given(bd=bd, seed=st.integers(0, 10_000))
@example(bd=(12, 2), seed=2)
@settings(max_examples=20)
def test_ot_pairing_cost_is_minimal(student, bd, seed):
    """The pairing's total squared distance equals the minimum over all permutations (exact assignment solved on our side, 1e-9 relative)."""
    b, d = bd
    x0, x1 = randn((b, d), seed), randn((b, d), seed + 1, scale=2.0)
    perm = check_permutation(student.ot_pairing(x0, x1), b, "ot_pairing")
    cost, best = pairing_cost(x0, x1, perm), optimal_cost(x0, x1)
    assert cost <= best * (1 + 1e-9) + 1e-12, (
        f"the returned pairing costs {cost:.8g}; the best permutation costs {best:.8g}"
    )


@points(2)
@visibility("hidden")
@given(b=st.integers(2, 12), seed=st.integers(0, 10_000))
@example(b=5, seed=3)
@settings(max_examples=10)
def test_ot_pairing_1d_is_sorted_matching(student, b, seed):
    """In one dimension the optimal pairing matches the sorted orders: the i-th smallest x0 goes with the i-th smallest x1."""
    x0, x1 = randn((b, 1), seed), randn((b, 1), seed + 1, scale=2.0)
    perm = check_permutation(student.ot_pairing(x0, x1), b, "ot_pairing")
    want = torch.empty(b, dtype=torch.long)
    want[torch.argsort(x0[:, 0])] = torch.argsort(x1[:, 0])
    assert torch.equal(perm, want), (
        f"in 1-D, x0 = {[round(v, 3) for v in x0[:, 0].tolist()]} is paired with "
        f"{[round(v, 3) for v in x1[perm, 0].tolist()]}: not in the same order"
    )
