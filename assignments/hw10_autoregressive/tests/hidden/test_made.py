"""Hidden tests of HW10: MADE masks (shapes, the degree rule, the autoregressive property)."""

import archeck as ac
import torch
from archeck import F64, expect_tensor
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder import testmodels
from autograder.testing import points


def _masks(impl, D, hidden, seed):
    out = impl.made_masks(D, list(hidden), impl.remote(testmodels.generator, seed))
    assert isinstance(out, list | tuple), f"made_masks should return a list of masks; got {type(out).__name__}"
    assert len(out) == len(hidden) + 1, f"made_masks(D = {D}, hidden {list(hidden)}) should return {len(hidden) + 1} masks; got {len(out)}"
    sizes = [D, *hidden, D]
    return [
        expect_tensor(m, (sizes[i + 1], sizes[i]), torch.bool, f"mask {i} (hidden {list(hidden)}, D = {D})")
        for i, m in enumerate(out)
    ]


@st.composite
def made_case(draw):
    D = draw(st.integers(2, 7))
    hidden = draw(st.lists(st.integers(1, 12), min_size=0, max_size=3))
    return D, hidden, draw(st.integers(0, 2**16))


@points(5)
@given(case=made_case())
@settings(max_examples=30)
def test_made_autoregressive_jacobian(student, case):
    """An MLP whose weights are multiplied by the masks has d out_i / d x_j = 0 for every j >= i (autograd,
    random weights), and the masks come from degrees: a first-layer unit of degree m in 1..D-1 sees inputs 1..m,
    a unit of higher degree sees all a lower one sees, output 1 sees nothing and output D every last hidden unit."""
    D, hidden, seed = case
    masks = _masks(student, D, hidden, seed)
    problem = ac.made_structure(masks, D)
    assert problem is None, f"D = {D}, hidden {hidden}: {problem}"
    J = ac.made_jacobian(masks, torch.randn(D, generator=torch.Generator().manual_seed(seed), dtype=F64), seed)
    upper = torch.triu(torch.ones(D, D, dtype=torch.bool))
    bad = (J != 0) & upper
    assert not bool(bad.any()), (
        f"D = {D}, hidden {hidden}: output i depends on input j >= i at (i, j) = "
        f"{[(int(i) + 1, int(j) + 1) for i, j in bad.nonzero()][:6]} (1-based)"
    )


@points(2)
def test_made_no_hidden_layer(student):
    """With no hidden layer the only mask is strictly lower triangular (D, D): output i sees inputs 1..i-1."""
    for D in (2, 3, 6):
        (m,) = _masks(student, D, [], 0)
        want = torch.tril(torch.ones(D, D, dtype=torch.bool), diagonal=-1)
        assert torch.equal(m, want), f"D = {D}, no hidden layer: expected the strictly lower triangular mask; got {m.int().tolist()}"


@points(4)
@given(case=made_case())
@example(case=(7, [1, 4, 4], 5))
@example(case=(5, [1, 3], 3))
@settings(max_examples=15)
def test_made_masks_follow_the_generator(student, reference, case):
    """The degrees of hidden layer l are torch.randint(lo, D, (h_l,), generator=generator), layer after layer,
    lo = the minimum degree of the previous layer: the masks equal the ones these draws give."""
    D, hidden, seed = case
    got = _masks(student, D, hidden, seed)
    want = reference.made_masks(D, list(hidden), torch.Generator().manual_seed(seed))
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert torch.equal(g, w), f"D = {D}, hidden {hidden}, generator seed {seed}: mask {i} differs from the one the specified draws give"


@points(2)
def test_made_reproducible(student):
    """The same generator seed gives the same masks whatever the global random state; different seeds give
    different hidden degrees; the masks are valid MADE masks."""
    D, hidden = 6, [40, 40]
    student.remote(testmodels.reseed_global, 1)
    a = _masks(student, D, hidden, 3)
    student.remote(testmodels.reseed_global, 2)
    b = _masks(student, D, hidden, 3)
    c = _masks(student, D, hidden, 4)
    assert all(torch.equal(u, v) for u, v in zip(a, b, strict=True)), "the same generator seed gave different masks"
    assert not all(torch.equal(u, v) for u, v in zip(a, c, strict=True)), "different generator seeds gave the same masks"
    for masks in (a, c):
        problem = ac.made_structure(masks, D)
        assert problem is None, problem
