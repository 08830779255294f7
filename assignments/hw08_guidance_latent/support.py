"""Helpers for HW08 (guidance and latent diffusion): exact class-conditional noise predictors, a small
autoencoder, and spies that record how they are called.

Non-secret: shipped with the homework and loaded next to your notebook when it is graded. You do not
need this module to solve the homework; the demo uses ``ClassGaussianEps`` to sample with guidance
without training anything. Nothing here decides a grade: the tests only use these objects to build
inputs next to your code, and compare values on their side.

Conditional noise models follow the convention ``eps_model(x_t, t, y)``: ``x_t`` of shape (B, D),
``t`` a LongTensor (B,), ``y`` a LongTensor (B,) of class labels, where the label ``null_id`` means
"no condition" (the unconditional model).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

__all__ = ["ClassGaussianEps", "OrthogonalDecoder", "OrthogonalEncoder", "SpyCoder", "SpyEps"]


def _check_long(v: Any, b: int, what: str) -> torch.Tensor:
    if not isinstance(v, torch.Tensor) or v.dtype != torch.long or tuple(v.shape) != (b,):
        got = f"a {v.dtype} tensor of shape {tuple(v.shape)}" if isinstance(v, torch.Tensor) else type(v).__name__
        raise TypeError(f"eps_model(x_t, t, y) expects {what} as a LongTensor of shape ({b},); got {got}")
    return v


class ClassGaussianEps(nn.Module):
    """The exact noise predictor for class-conditional Gaussian data.

    Class k (0 <= k < K) has data N(means[k], std² I), ``means`` of shape (K, D); the classes have
    equal weights. With alpha_bar of length T + 1 (alpha_bar[0] = 1), for a label y < K,
    eps*(x_t, t, y) = sqrt(1 - ab) (x_t - sqrt(ab) means[y]) / (ab std² + 1 - ab); for y = null_id it is
    the noise predictor of the mixture of all classes (the unconditional model).
    """

    def __init__(self, alpha_bar: torch.Tensor, means: Any, std: float, null_id: int) -> None:
        super().__init__()
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar, dtype=torch.float64).clone())
        self.register_buffer("means", torch.as_tensor(means, dtype=torch.float64).clone())
        self.std = float(std)
        self.null_id = int(null_id)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        b = x.shape[0]
        t, y = _check_long(t, b, "t"), _check_long(y, b, "y")
        ab = self.alpha_bar[t][:, None]  # (B, 1)
        var = ab * self.std**2 + 1 - ab  # (B, 1)
        xf = x.to(torch.float64)
        centres = ab.sqrt()[:, :, None] * self.means.T[None]  # (B, D, K)
        diff = xf[:, :, None] - centres  # (B, D, K)
        k = self.means.shape[0]
        r = torch.softmax(-0.5 * (diff**2).sum(1) / var, dim=-1)  # (B, K) responsibilities, equal weights
        onehot = torch.nn.functional.one_hot(y.clamp(0, k - 1), k).to(r.dtype)
        r = torch.where((y != self.null_id)[:, None], onehot, r)
        eps = (1 - ab).sqrt() * (diff * r[:, None, :]).sum(-1) / var
        return eps.to(x.dtype)


class SpyEps(nn.Module):
    """Records every call and returns a fixed nonlinear function of (x, t, y).

    ``calls`` holds, per call, ``[batch size, t values, y values]`` (lists of ints). The output is
    tanh(x + 0.01 t + 0.3 y) * (1 + 0.1 y), so the conditional and unconditional predictions differ.
    """

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[Any]] = []

    def forward(self, x: torch.Tensor, t: Any, y: Any) -> torch.Tensor:
        tt = torch.as_tensor(t)
        yy = torch.as_tensor(y)
        self.calls.append([int(x.shape[0]), [int(v) for v in tt.reshape(-1)], [int(v) for v in yy.reshape(-1)]])
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        tf, yf = tt.to(x.dtype).reshape(shape), yy.to(x.dtype).reshape(shape)
        return torch.tanh(x + 0.01 * tf + 0.3 * yf) * (1 + 0.1 * yf)


def _orthogonal(n: int, seed: int) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    q, r = torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=torch.float64))
    return q * torch.sign(torch.diagonal(r))[None, :]


class OrthogonalEncoder(nn.Module):
    """A linear "autoencoder" half: x (B, *in_shape) -> gain * Q flat(x), reshaped to (B, *latent_shape).

    Q is an orthogonal matrix drawn from ``seed``; ``latent_shape`` has as many entries as ``in_shape``.
    ``OrthogonalDecoder`` with the same arguments is its exact inverse.
    """

    def __init__(self, in_shape: Any, latent_shape: Any, gain: float = 3.0, seed: int = 0) -> None:
        super().__init__()
        self.in_shape, self.latent_shape = tuple(in_shape), tuple(latent_shape)
        n = int(torch.tensor(self.in_shape).prod())
        assert n == int(torch.tensor(self.latent_shape).prod()), "in_shape and latent_shape differ in size"
        self.register_buffer("q", _orthogonal(n, seed))
        self.gain = float(gain)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(x.shape[0], -1).to(torch.float64)
        return (self.gain * flat @ self.q.T).reshape((x.shape[0], *self.latent_shape)).to(x.dtype)


class OrthogonalDecoder(OrthogonalEncoder):
    """The inverse of ``OrthogonalEncoder(in_shape, latent_shape, gain, seed)``."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        flat = z.reshape(z.shape[0], -1).to(torch.float64)
        return (flat @ self.q / self.gain).reshape((z.shape[0], *self.in_shape)).to(z.dtype)


class SpyCoder(nn.Module):
    """Records every input (by value, in ``calls``) and returns a fixed nonlinear map of it.

    ``kind = "encoder"``: 2 tanh(x) + 0.5; ``kind = "decoder"``: x³ - x. Both keep the shape.
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.calls: list[torch.Tensor] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append(x.detach().clone())
        return 2 * torch.tanh(x) + 0.5 if self.kind == "encoder" else x**3 - x
