# must-fail: test_coupling_scale_is_bounded
# The log-scale used raw, s = S(h) instead of tanh(S(h)): still exactly invertible with an exact
# logdet, so only the bound on the scale catches it.
import torch
from torch import nn


class AffineCoupling(nn.Module):
    """RealNVP affine coupling layer.

    dim: number of features D.
    mask: BoolTensor of shape (D,); True = identity/conditioning coordinates (copied as they are
          and fed to the networks), False = coordinates that are scaled and shifted.
    hidden: width of the hidden layers of the conditioner networks S and T.

    forward(x):  z = h + (1 - m) * (x * exp(s) + t),  logdet = sum_j s_j          (shape (B,))
    inverse(z):  x = h + (1 - m) * ((z - t) * exp(-s)), logdet_inv = -sum_j s_j
    with h = x * m (= z * m), s = tanh(S(h)) * (1 - m), t = T(h) * (1 - m).
    """

    def __init__(self, dim: int, mask: torch.Tensor, hidden: int = 64):
        super().__init__()
        self.dim = int(dim)  # the tests read this attribute
        mask = torch.as_tensor(mask).to(torch.bool).reshape(self.dim)
        # A buffer moves with .to()/.double() and is saved with the state_dict; bool stays bool.
        self.register_buffer("mask", mask.clone())
        self.scale_net = nn.Sequential(
            nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
            nn.Linear(hidden, dim),
        )
        self.shift_net = nn.Sequential(
            nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
            nn.Linear(hidden, dim),
        )
        # Start as the identity map (good for training; the tests re-initialise everything).
        for net in (self.scale_net, self.shift_net):
            nn.init.zeros_(net[-1].weight)
            nn.init.zeros_(net[-1].bias)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalizing direction: x (B, dim) -> (z (B, dim), log|det dz/dx| (B,))."""
        m = self.mask.to(x.dtype)
        h = x * m
        s = self.scale_net(h) * (1 - m)  # BUG: raw log-scale, no tanh
        t = self.shift_net(h) * (1 - m)
        z = h + (1 - m) * (x * torch.exp(s) + t)
        return z, s.sum(dim=-1)

    def inverse(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Generative direction: z (B, dim) -> (x (B, dim), log|det dx/dz| (B,))."""
        m = self.mask.to(z.dtype)
        h = z * m
        s = self.scale_net(h) * (1 - m)  # BUG: raw log-scale, no tanh
        t = self.shift_net(h) * (1 - m)
        x = h + (1 - m) * ((z - t) * torch.exp(-s))
        return x, -s.sum(dim=-1)
