# must-fail: test_coupling_inverse_and_logdet
# why: forward returns the log-scales s of shape (B, D) as its logdet instead of their sum (B,).
class AffineCoupling(nn.Module):
    """RealNVP affine coupling layer (HW03).

    dim: number of features D; mask: BoolTensor (D,), True = identity/conditioning coordinates;
    hidden: width of the conditioner networks S and T. Has an int attribute ``dim``.
    forward(x) -> (z, logdet (B,)); inverse(z) -> (x, -logdet (B,)).
    """

    def __init__(self, dim, mask, hidden=64):
        super().__init__()
        self.dim = int(dim)
        mask = torch.as_tensor(mask).to(torch.bool).reshape(self.dim)
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

    def forward(self, x):
        """x (B, dim) -> (z (B, dim), log|det dz/dx| (B,))."""
        m = self.mask.to(x.dtype)
        h = x * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        z = h + (1 - m) * (x * torch.exp(s) + t)
        return z, s

    def inverse(self, z):
        """z (B, dim) -> (x (B, dim), log|det dx/dz| (B,))."""
        m = self.mask.to(z.dtype)
        h = z * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        x = h + (1 - m) * ((z - t) * torch.exp(-s))
        return x, -s.sum(dim=-1)
