"""A helper that HW03's tests build *inside* the sandbox with ``impl.remote(support.LinearFlow, ...)``.

Non-secret (shipped to students with the release). It decides no score: the tests use it to
stack fixed layers whose composition is known in closed form next to the student's
``FlowSequence``, then compare the values that come back on the trusted side. Students do not
need this module to solve the homework (but may use it to test their ``FlowSequence``).
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["LinearFlow"]


class LinearFlow(nn.Module):
    """A fixed invertible linear flow layer: ``z = x Aᵀ + b``, ``logdet = log|det A|``.

    It follows the course's flow conventions (``forward``/``inverse`` return ``(value, logdet)``
    with a logdet of shape (B,), an int attribute ``dim``), so ``FlowSequence`` can be tested on
    layers whose composition has a closed-form map and density, independently of
    ``AffineCoupling``.
    """

    def __init__(self, A: torch.Tensor, b: torch.Tensor) -> None:
        super().__init__()
        A = torch.as_tensor(A)
        self.dim = int(A.shape[0])
        self.A = nn.Parameter(A.clone())
        self.b = nn.Parameter(torch.as_tensor(b, dtype=A.dtype).clone())

    def _logabsdet(self, like: torch.Tensor) -> torch.Tensor:
        logabsdet = torch.linalg.slogdet(self.A)[1].to(like.dtype)
        return logabsdet * torch.ones(like.shape[0], dtype=like.dtype)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x @ self.A.T + self.b, self._logabsdet(x)

    def inverse(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.linalg.solve(self.A, (z - self.b).T).T
        return x, -self._logabsdet(z)
