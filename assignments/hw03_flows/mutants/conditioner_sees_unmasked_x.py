# must-fail: test_public_coupling_roundtrip, test_coupling_inverse_roundtrip, test_coupling_logdet_matches_jacobian, test_coupling_jacobian_is_triangular, test_coupling_inverse_logdet_is_minus_forward
# why: the networks are fed the whole input (x in forward, z in inverse) instead of h = x * mask.
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        m = self.mask.to(x.dtype)
        s = torch.tanh(self.scale_net(x)) * (1 - m)
        t = self.shift_net(x) * (1 - m)
        z = x * m + (1 - m) * (x * torch.exp(s) + t)
        return z, s.sum(dim=-1)

    def inverse(self, z):
        m = self.mask.to(z.dtype)
        s = torch.tanh(self.scale_net(z)) * (1 - m)
        t = self.shift_net(z) * (1 - m)
        x = z * m + (1 - m) * ((z - t) * torch.exp(-s))
        return x, -s.sum(dim=-1)
