# must-fail: test_public_coupling_roundtrip, test_coupling_inverse_roundtrip, test_sample_latent_is_standard_normal
# why: the inverse undoes the scale before the shift: z * exp(-s) - t instead of (z - t) * exp(-s).
class AffineCoupling(AffineCoupling):
    def inverse(self, z):
        m = self.mask.to(z.dtype)
        h = z * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        x = h + (1 - m) * (z * torch.exp(-s) - t)
        return x, -s.sum(dim=-1)
