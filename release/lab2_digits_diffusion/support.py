"""Helpers for Lab 2 (diffusion on 8×8 digits): exact noise predictors and small test models.

Non-secret: shipped with the lab and loaded next to your notebook when it is graded. You do
not need this module to solve the lab; the notebook's demo uses ``GaussianMixtureEps`` to
sample digits without training anything, and ``SpyEps`` shows how your code calls a model.

Every model here follows the lab's calling convention ``eps_model(x_t, t, y)``: ``x_t`` of
shape (B, D), ``t`` a LongTensor of shape (B,) (one integer step per sample) and ``y`` a
LongTensor of shape (B,) of class labels, where the label ``eps_model.n_classes`` is the
"null" label (no class: the unconditional model). Each model carries the attributes
``data_dim`` (D), ``n_classes`` and, once it has a schedule, ``alpha_bar`` (length T + 1,
``alpha_bar[0] = 1``). Nothing here decides a grade: the tests only use these objects to build
inputs next to your code, and compare the values that come back on their side.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

__all__ = ["GaussianMixtureEps", "SpyEps", "ToyEps"]


def _describe(v: Any) -> str:
    if isinstance(v, torch.Tensor):
        return f"a {str(v.dtype).replace('torch.', '')} tensor of shape {tuple(v.shape)}"
    return f"{type(v).__name__} {v!r}"


def _check_inputs(x: Any, t: Any, y: Any, data_dim: int, n_classes: int) -> None:
    """The lab's convention: x (B, D) floating, t and y LongTensors of shape (B,), 0 <= y <= n_classes."""
    if not isinstance(x, torch.Tensor) or x.dim() != 2 or x.shape[1] != data_dim:
        raise TypeError(f"eps_model(x_t, t, y) expects x_t of shape (B, {data_dim}); got {_describe(x)}")
    b = x.shape[0]
    for name, v in (("t", t), ("y", y)):
        if not isinstance(v, torch.Tensor) or v.dtype != torch.long or tuple(v.shape) != (b,):
            raise TypeError(
                f"eps_model(x_t, t, y) expects {name} as a LongTensor of shape ({b},) (one integer per "
                f"sample); it was called with {_describe(v)}"
            )
    if b and (int(y.min()) < 0 or int(y.max()) > n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes} ({n_classes} = null); got {y.tolist()}")


class GaussianMixtureEps(nn.Module):
    """The exact noise predictor of a mixture of full-covariance Gaussians, with classes.

    Data: x_0 ~ Σ_k w_k N(μ_k, Σ_k), component k belonging to class ``classes[k]``. Under
    q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) the marginal is the mixture
    p_t = Σ_k w_k N(√ᾱ_t μ_k, ᾱ_t Σ_k + (1 − ᾱ_t) I), and the best noise prediction is
    ε*(x_t, t) = E[ε | x_t] = −√(1 − ᾱ_t) ∇ log p_t(x_t) (Tweedie's formula).

    With a label ``y < n_classes`` only the components of that class count (the exact
    *conditional* predictor, ε* of p_t(x | y)); the null label ``y = n_classes`` uses them all.
    ``means`` (K, D), ``covs`` (K, D, D) symmetric positive semi-definite, ``weights`` (K,)
    (normalised here), ``classes`` (K,) ints in 0..n_classes-1 (default: component k is class k).
    Computes in float64 and returns the dtype of ``x_t``.
    """

    def __init__(
        self,
        alpha_bar: Any,
        means: Any,
        covs: Any,
        weights: Any = None,
        classes: Any = None,
        n_classes: int | None = None,
    ) -> None:
        super().__init__()
        means = torch.as_tensor(means, dtype=torch.float64)
        covs = torch.as_tensor(covs, dtype=torch.float64)
        k, d = means.shape
        w = torch.full((k,), 1.0 / k, dtype=torch.float64) if weights is None else torch.as_tensor(weights, dtype=torch.float64)
        cls = torch.arange(k) if classes is None else torch.as_tensor(classes, dtype=torch.long)
        self.data_dim = int(d)
        self.n_classes = int(cls.max()) + 1 if n_classes is None else int(n_classes)
        evals, evecs = torch.linalg.eigh(0.5 * (covs + covs.transpose(1, 2)))
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar, dtype=torch.float64).clone())
        self.register_buffer("means", means.clone())
        self.register_buffer("evals", evals.clamp(min=0.0))  # (K, D)
        self.register_buffer("evecs", evecs)  # (K, D, D), columns are eigenvectors
        self.register_buffer("log_w", (w / w.sum()).log())
        self.register_buffer("classes", cls.clone())

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        _check_inputs(x, t, y, self.data_dim, self.n_classes)
        ab = self.alpha_bar[t][:, None, None]  # (B, 1, 1)
        xf = x.to(torch.float64)
        diff = xf[:, None, :] - ab.sqrt() * self.means[None]  # (B, K, D)
        proj = torch.einsum("bkd,kde->bke", diff, self.evecs)  # coordinates in each eigenbasis
        var = ab * self.evals[None] + (1 - ab)  # (B, K, D): eigenvalues of the noised covariances
        logits = self.log_w[None] - 0.5 * (proj**2 / var + var.log()).sum(-1)  # (B, K)
        allowed = (y[:, None] == self.n_classes) | (self.classes[None, :] == y[:, None])
        resp = torch.softmax(logits.masked_fill(~allowed, float("-inf")), dim=-1)  # (B, K)
        solved = torch.einsum("bke,kde->bkd", proj / var, self.evecs)  # Cov_k^{-1} (x - √ᾱ μ_k)
        eps = (1 - ab[:, :, 0]).sqrt() * (resp[:, :, None] * solved).sum(1)
        return eps.to(x.dtype)

    @torch.no_grad()
    def draw(self, n: int, y: Any = None, seed: int = 0) -> torch.Tensor:
        """n samples x_0 of the mixture (of class ``y[i]`` for sample i when ``y`` is given), float64."""
        gen = torch.Generator().manual_seed(int(seed))
        if y is None:
            comp = torch.multinomial(self.log_w.exp(), n, replacement=True, generator=gen)
        else:
            y = torch.as_tensor(y).long()
            probs = self.log_w.exp()[None] * (self.classes[None, :] == y[:, None])
            comp = torch.multinomial(probs, 1, generator=gen)[:, 0]
        z = torch.randn(n, self.data_dim, generator=gen, dtype=torch.float64)
        scaled = torch.einsum("nde,ne->nd", self.evecs[comp], self.evals[comp].sqrt() * z)
        return self.means[comp] + scaled


class ToyEps(nn.Module):
    """A small conditional tanh network ε(x, t, y) with seeded weights (no training needed).

    ε = tanh(x W₁ᵀ + E[y] + (t / T) c) W₂ᵀ: its output depends on x, on t and on y in no simple
    way, so the tests can run your sampler with it and recompute every step on their side.
    ``dtype`` ("float32" or "float64") is the dtype of its weights; it returns the dtype of x.
    """

    def __init__(
        self, alpha_bar: Any, data_dim: int, n_classes: int, hidden: int = 16, seed: int = 0, dtype: str = "float32"
    ) -> None:
        super().__init__()
        self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar, dtype=torch.float64).clone())
        self.data_dim, self.n_classes, self.T = int(data_dim), int(n_classes), int(len(alpha_bar)) - 1
        gen = torch.Generator().manual_seed(int(seed))
        dt = getattr(torch, dtype)

        def draw(*shape: int, scale: float) -> nn.Parameter:
            return nn.Parameter((scale * torch.randn(*shape, generator=gen, dtype=torch.float64)).to(dt))

        self.w1 = draw(hidden, data_dim, scale=1.0 / math.sqrt(data_dim))
        self.emb = draw(n_classes + 1, hidden, scale=1.0)
        self.c = draw(hidden, scale=2.0)
        self.w2 = draw(data_dim, hidden, scale=1.0 / math.sqrt(hidden))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        _check_inputs(x, t, y, self.data_dim, self.n_classes)
        dt = self.w1.dtype
        tt = (t.to(torch.float64) / self.T).to(dt)[:, None]
        h = torch.tanh(x.to(dt) @ self.w1.T + self.emb[y] + tt * self.c)
        out: torch.Tensor = h @ self.w2.T
        return out.to(x.dtype)


class SpyEps(nn.Module):
    """Records how it is called; returns ``c + scale * x`` with ``c`` a learnable vector (init ``init``).

    ``calls`` holds, per call, ``[batch size, values of t, values of y, grad enabled]``;
    ``inputs`` holds the x of every call and ``c_values`` the value of ``c`` at that call (both
    only with ``record_inputs=True``). ``grad_of_c()`` is the current ``c.grad`` (or None).
    Without ``alpha_bar`` the spy has no schedule until a training function gives it one.
    """

    def __init__(
        self,
        data_dim: int,
        n_classes: int,
        init: float = 0.0,
        scale: float = 0.0,
        record_inputs: bool = False,
        alpha_bar: Any = None,
    ) -> None:
        super().__init__()
        self.data_dim, self.n_classes = int(data_dim), int(n_classes)
        if alpha_bar is not None:
            self.register_buffer("alpha_bar", torch.as_tensor(alpha_bar, dtype=torch.float64).clone())
        self.c = nn.Parameter(torch.full((self.data_dim,), float(init)))
        self.scale = float(scale)
        self.record_inputs = bool(record_inputs)
        self.calls: list[list[Any]] = []
        self.inputs: list[torch.Tensor] = []
        self.c_values: list[torch.Tensor] = []

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        _check_inputs(x, t, y, self.data_dim, self.n_classes)
        self.calls.append([int(x.shape[0]), t.tolist(), y.tolist(), bool(torch.is_grad_enabled())])
        if self.record_inputs:
            self.inputs.append(x.detach().to(torch.float64).clone())
            self.c_values.append(self.c.detach().to(torch.float64).clone())
        return self.c.to(x.dtype) + self.scale * x

    def grad_of_c(self) -> torch.Tensor | None:
        return None if self.c.grad is None else self.c.grad.detach().clone()
