"""Allow-listed helpers that tests may run *inside* the sandbox via ``impl.remote(fn, ...)``.

Everything here is non-secret (it ships in the grading image): building models and callables
that are handed to student functions, and re-initialising a student's parameters so that a
zero-initialised last layer cannot hide a bug. Nothing here decides a score: a student may
monkeypatch these functions in their own sandbox, and tests only ever check the values that
come back on the trusted side.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

__all__ = [
    "ALLOWED",
    "MLP",
    "Linear",
    "Quadratic",
    "SpyField",
    "call_keeping_inputs",
    "generator",
    "reinit_normal_",
    "reseed_global",
    "set_dtype_",
]


def reinit_normal_(module: nn.Module, std: float = 0.5, seed: int = 0) -> None:
    """Redraw every parameter of ``module`` from N(0, std²) with a fixed seed, in place."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, p in sorted(module.named_parameters(), key=lambda kv: kv[0]):
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64).to(p.dtype) * std)


def set_dtype_(module: nn.Module, dtype: str = "float64") -> nn.Module:
    """Cast ``module``'s parameters and buffers to ``dtype`` in place; returns the module."""
    return module.to(getattr(torch, dtype))


def generator(seed: int = 0) -> torch.Generator:
    """A seeded ``torch.Generator`` (built where the code under test runs)."""
    return torch.Generator().manual_seed(seed)


def reseed_global(seed: int) -> None:
    """Move the global RNGs, to show that a function given a generator does not use them."""
    import random

    import numpy as np

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def call_keeping_inputs(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """``fn(*args, **kwargs)`` and the tensor arguments as they are after the call.

    Lets a test see whether a function changed its inputs in place. (Only an honest function
    benefits: a faked answer here can do no better than not mutating.)
    """
    result = fn(*args, **kwargs)
    after = [a.detach().clone() if isinstance(a, torch.Tensor) else None for a in args]
    return result, after


class Linear(nn.Module):
    """f(x) = x Wᵀ + b with given weights (a critic, a field, an eps-model...)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None = None) -> None:
        super().__init__()
        self.weight = nn.Parameter(weight.clone())
        self.bias = nn.Parameter(bias.clone()) if bias is not None else None

    def forward(self, x: torch.Tensor, *_: Any) -> torch.Tensor:
        out = x @ self.weight.T
        return out + self.bias if self.bias is not None else out


class Quadratic(nn.Module):
    """f(x) = ½ Σ a_j x_j² along the last axis; gradient a ⊙ x."""

    def __init__(self, a: torch.Tensor) -> None:
        super().__init__()
        self.a = nn.Parameter(a.clone())

    def forward(self, x: torch.Tensor, *_: Any) -> torch.Tensor:
        return 0.5 * (self.a * x * x).sum(-1)


class MLP(nn.Module):
    """A small tanh MLP with seeded weights; ``time_input`` appends t to the input."""

    def __init__(
        self,
        d_in: int,
        d_out: int,
        hidden: int = 16,
        seed: int = 0,
        time_input: bool = False,
        dtype: str = "float64",
    ) -> None:
        super().__init__()
        self.time_input = time_input
        extra = 1 if time_input else 0
        self.net = nn.Sequential(
            nn.Linear(d_in + extra, hidden), nn.Tanh(), nn.Linear(hidden, d_out)
        )
        reinit_normal_(self, std=0.5, seed=seed)
        self.to(getattr(torch, dtype))

    def forward(self, x: torch.Tensor, t: Any = None) -> torch.Tensor:
        if self.time_input:
            tt = torch.as_tensor(t, dtype=x.dtype)
            tt = tt.reshape(-1, 1).expand(x.shape[0], 1) if tt.numel() in (1, x.shape[0]) else tt
            x = torch.cat([x, tt], dim=-1)
        out: torch.Tensor = self.net(x)
        return out


class SpyField(nn.Module):
    """A field that records every (t) it is called with and returns ``scale * x``.

    The recorded times come back by value through the ``calls`` attribute.
    """

    def __init__(self, scale: float = 0.0) -> None:
        super().__init__()
        self.scale = scale
        self.calls: list[list[float]] = []

    def forward(self, x: torch.Tensor, t: Any) -> torch.Tensor:
        tt = torch.as_tensor(t, dtype=torch.float64).reshape(-1)
        self.calls.append([float(v) for v in tt])
        return self.scale * x


ALLOWED = {
    name: obj
    for name, obj in globals().items()
    if name
    in {
        "Linear",
        "MLP",
        "Quadratic",
        "SpyField",
        "call_keeping_inputs",
        "generator",
        "reinit_normal_",
        "reseed_global",
        "set_dtype_",
    }
}
"""Names a test may pass to ``impl.remote`` from this module."""
