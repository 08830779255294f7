# must-fail: test_public_coupling_shapes, test_coupling_shapes_dtypes, test_coupling_logdet_matches_jacobian, test_sequence_density_integrates_to_one
# why: s.sum() with no axis: one number for the whole batch instead of one logdet per sample.
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        m = self.mask.to(x.dtype)
        h = x * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        z = h + (1 - m) * (x * torch.exp(s) + t)
        return z, s.sum()

    def inverse(self, z):
        m = self.mask.to(z.dtype)
        h = z * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        x = h + (1 - m) * ((z - t) * torch.exp(-s))
        return x, -s.sum()
