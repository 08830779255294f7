"""Helpers for HW02 (GANs and WGAN): small critics and gradient probes.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded.
You do not need this module to solve the homework, but you may use it to test your code.

A critic (or discriminator) here is an ordinary ``nn.Module`` that maps a batch ``x`` of shape
``(B, ...)`` to one score per sample, of shape ``(B,)`` or ``(B, 1)`` (both occur, on purpose).
Nothing here decides a grade: the tests only use these objects to build inputs next to your
code, and compare the values that come back on their side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

__all__ = [
    "ClipCritic",
    "QuadraticCritic",
    "call_and_backward",
    "input_grads",
    "quadratic_function",
]


class QuadraticCritic(nn.Module):
    """D(x) = ½ Σ a ⊙ x², summed over every non-batch axis, so that ∇_x D(x) = a ⊙ x.

    ``a`` has the shape of one sample (e.g. ``(D,)`` or ``(C, H, W)``). The score has shape
    ``(B,)``, or ``(B, 1)`` with ``keepdim=True``. ``a`` is a parameter: a gradient penalty
    built on this critic back-propagates to it.
    """

    def __init__(self, a: torch.Tensor, keepdim: bool = False) -> None:
        super().__init__()
        self.a = nn.Parameter(torch.as_tensor(a).clone())
        self.keepdim = bool(keepdim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = 0.5 * (self.a * x * x).reshape(x.shape[0], -1).sum(1)
        return out[:, None] if self.keepdim else out


def quadratic_function(a: torch.Tensor) -> Callable[[torch.Tensor], torch.Tensor]:
    """The critic of ``QuadraticCritic`` as a plain function (not an ``nn.Module``): x ↦ ½ Σ a ⊙ x².

    Graded functions are handed critics that are ordinary callables ``critic(x)``, like the
    ``lambda x: 0.5 * (x ** 2).sum(1)`` of the notebook's check cell; this one returns ``(B,)``.
    """
    a = torch.as_tensor(a).clone()

    def critic(x: torch.Tensor) -> torch.Tensor:
        return 0.5 * (a * x * x).reshape(x.shape[0], -1).sum(1)

    return critic


class ClipCritic(nn.Module):
    """A small critic Linear → BatchNorm1d → LeakyReLU → Linear, output ``(B, 1)``.

    Its parameters are drawn from N(0, scale²) with a fixed seed (so many of them lie outside a
    small clipping interval); its buffers (the BatchNorm running statistics and an extra buffer
    ``offset``) hold values far outside it too. ``state()`` reports, by value, what the module
    holds now: its parameter values, whether each parameter is still the *same object* as when the
    module was built (what an optimizer holds on to), whether it still requires a gradient, and its
    buffers.
    """

    def __init__(
        self, d_in: int = 3, hidden: int = 6, scale: float = 1.0, seed: int = 0, dtype: str = "float64"
    ) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d_in, hidden), nn.BatchNorm1d(hidden), nn.LeakyReLU(0.2))
        self.head = nn.Linear(hidden, 1)
        self.register_buffer("offset", torch.zeros(hidden))
        self.to(getattr(torch, dtype))
        self._fill(hidden, scale, torch.Generator().manual_seed(int(seed)))
        # the parameter objects themselves, as an optimizer would hold them (not registered)
        object.__setattr__(self, "_original", dict(self.named_parameters()))

    @torch.no_grad()
    def _fill(self, hidden: int, scale: float, gen: torch.Generator) -> None:
        f64 = torch.float64
        for _, p in sorted(self.named_parameters(), key=lambda kv: kv[0]):
            p.copy_(scale * torch.randn(p.shape, generator=gen, dtype=f64))
        bn = self.body[1]
        bn.running_mean.copy_(3.0 * torch.randn(hidden, generator=gen, dtype=f64))
        bn.running_var.copy_(2.0 + 3.0 * torch.rand(hidden, generator=gen, dtype=f64))
        bn.num_batches_tracked.fill_(7)
        self.offset.copy_(-4.0 + torch.randn(hidden, generator=gen, dtype=f64))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.head(self.body(x) + self.offset)
        return out

    def state(self) -> dict[str, Any]:
        params = dict(self.named_parameters())
        original: dict[str, nn.Parameter] = object.__getattribute__(self, "_original")
        return {
            "params": {k: v.detach().clone() for k, v in params.items()},
            "same_object": {k: params.get(k) is p for k, p in original.items()},
            "requires_grad": {k: bool(v.requires_grad) for k, v in params.items()},
            "buffers": {k: v.detach().clone() for k, v in self.named_buffers()},
        }


def input_grads(fn: Callable[..., Any], *tensors: torch.Tensor) -> tuple[Any, list[Any]]:
    """``fn(*tensors)`` and the gradient of that (scalar) value with respect to each tensor.

    The tensors are copied with ``requires_grad=True`` first. A gradient is None when the value
    does not depend on that tensor through autograd.
    """
    leaves = [t.detach().clone().requires_grad_(True) for t in tensors]
    value = fn(*leaves)
    if not (isinstance(value, torch.Tensor) and value.requires_grad):
        return value, [None for _ in leaves]
    grads = torch.autograd.grad(value.sum(), leaves, allow_unused=True)
    return value.detach(), [None if g is None else g.detach() for g in grads]


def call_and_backward(
    fn: Callable[..., Any], model: nn.Module, *args: Any
) -> tuple[Any, list[Any], list[Any]]:
    """``fn(model, *args)``, then ``backward()`` on its value.

    Returns the value, the ``.grad`` of every parameter of ``model`` right after the call (before
    any backward), and after the backward. Parameters are listed in sorted-name order; a gradient
    is None when nothing was written to it.
    """
    params = [p for _, p in sorted(model.named_parameters(), key=lambda kv: kv[0])]
    for p in params:
        p.grad = None
    value = fn(model, *args)
    before = [None if p.grad is None else p.grad.detach().clone() for p in params]
    for p in params:
        p.grad = None
    if isinstance(value, torch.Tensor) and value.requires_grad:
        value.backward()
    after = [None if p.grad is None else p.grad.detach().clone() for p in params]
    out = value.detach() if isinstance(value, torch.Tensor) else value
    return out, before, after
