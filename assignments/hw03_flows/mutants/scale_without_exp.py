# must-fail: test_coupling_inverse_roundtrip, test_coupling_logdet_matches_jacobian, test_coupling_jacobian_is_triangular, test_sequence_density_integrates_to_one
# why: the log-scale s is used as the scale itself (x * s + t instead of x * exp(s) + t), logdet still sum(s).
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        m = self.mask.to(x.dtype)
        h = x * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        z = h + (1 - m) * (x * s + t)
        return z, s.sum(dim=-1)

    def inverse(self, z):
        m = self.mask.to(z.dtype)
        h = z * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        x = h + (1 - m) * ((z - t) / s)
        return x, -s.sum(dim=-1)
