# must-fail: test_coupling_masked_coordinates_copied
# why: True read as "transformed" and False as "copied": the opposite of the mask convention.
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        m = (~self.mask).to(x.dtype)
        h = x * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        return h + (1 - m) * (x * torch.exp(s) + t), s.sum(dim=-1)

    def inverse(self, z):
        m = (~self.mask).to(z.dtype)
        h = z * m
        s = torch.tanh(self.scale_net(h)) * (1 - m)
        t = self.shift_net(h) * (1 - m)
        return h + (1 - m) * ((z - t) * torch.exp(-s)), -s.sum(dim=-1)
