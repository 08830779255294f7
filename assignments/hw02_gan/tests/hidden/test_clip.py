"""Hidden tests of HW02: weight clipping, in place, parameters only."""

import torch
from gancheck import check_tensor
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder.testing import points, visibility

cases = dict(
    c=st.sampled_from([0.01, 0.1, 0.5, 1.0, 2.5]),
    seed=st.integers(0, 10_000),
    dtype=st.sampled_from(["float64", "float32"]),
)


def _clip(student, support, c, seed, dtype):
    """(state after clip_weights_, the same critic built here, what clip_weights_ returned)."""
    net = student.remote(support.ClipCritic, seed=seed, dtype=dtype)
    returned = student.clip_weights_(net, c)
    state = net.state()
    assert isinstance(state, dict) and {"params", "same_object", "requires_grad", "buffers"} <= set(state), (
        "support.ClipCritic.state() returned something unexpected"
    )
    return state, support.ClipCritic(seed=seed, dtype=dtype), returned


def _check_clamped(state, local, c, dtype):
    """Every parameter in ``state`` is the clamp to [-c, c] of the same parameter of ``local`` (dtype kept)."""
    dt = getattr(torch, dtype)
    for name, before in sorted(local.named_parameters()):
        assert name in state["params"], f"after clip_weights_ the module no longer has the parameter `{name}`"
        got = check_tensor(state["params"][name], tuple(before.shape), dt, f"the parameter `{name}` after clip_weights_")
        want = before.detach().clamp(-c, c)
        outside = int((got.abs() > c).sum())
        assert outside == 0, f"after clip_weights_(module, {c}) the parameter `{name}` has {outside} entries outside [-c, c]"
        assert torch.equal(got, want), (
            f"after clip_weights_(module, {c}) the parameter `{name}` is not its clamp to [-c, c]: "
            f"{int((got != want).sum())} of its {want.numel()} entries differ"
        )


@points(3)
@visibility("hidden")
@given(**cases)
@example(c=0.01, seed=0, dtype="float64")
@example(c=0.5, seed=1, dtype="float32")
@settings(max_examples=8)
def test_clip_weights_values(student, support, c, seed, dtype):
    """After clip_weights_(module, c) every parameter of every sub-module (weights and biases, BatchNorm's affine parameters too) lies in [-c, c]: entries that were inside are unchanged bit for bit, entries outside are set to -c or c; dtypes are kept; the call returns None."""
    state, local, returned = _clip(student, support, c, seed, dtype)
    _check_clamped(state, local, c, dtype)
    assert returned is None, (
        f"clip_weights_ returned {returned!r}; it works in place and returns None (the clipped module is the one passed in)"
    )


@points(2)
@visibility("hidden")
@given(**cases)
@example(c=0.1, seed=2, dtype="float64")
@settings(max_examples=4)
def test_clip_weights_in_place(student, support, c, seed, dtype):
    """clip_weights_ modifies the parameters in place: afterwards the module holds the very same Parameter objects (those an optimizer keeps references to), each still requiring a gradient, and their values are clamped to [-c, c]."""
    state, local, _ = _clip(student, support, c, seed, dtype)
    for name, _ in sorted(local.named_parameters()):
        assert state["same_object"].get(name) is True, (
            f"after clip_weights_ the parameter `{name}` is a new object: an optimizer created before the call still "
            "holds the old, unclipped one"
        )
        assert state["requires_grad"].get(name) is True, (
            f"after clip_weights_ the parameter `{name}` no longer requires a gradient"
        )
    _check_clamped(state, local, c, dtype)


@points(2)
@visibility("hidden")
@given(**cases)
@example(c=0.01, seed=3, dtype="float64")
@settings(max_examples=4)
def test_clip_weights_buffers_untouched(student, support, c, seed, dtype):
    """clip_weights_ clips parameters only: buffers (BatchNorm's running mean and variance, its batch counter, other registered buffers) keep their values, far outside [-c, c], while the parameters are clamped to [-c, c]."""
    state, local, _ = _clip(student, support, c, seed, dtype)
    for name, before in sorted(local.named_buffers()):
        assert name in state["buffers"], f"after clip_weights_ the module no longer has the buffer `{name}`"
        got = state["buffers"][name]
        assert isinstance(got, torch.Tensor) and got.dtype == before.dtype and torch.equal(got, before), (
            f"clip_weights_ changed the buffer `{name}` (a statistic, not a weight)"
        )
    _check_clamped(state, local, c, dtype)

