# must-fail: test_coupling_shapes_dtypes
# why: the networks are kept in a plain Python list, so .double() and re-initialisation do not reach them.
class AffineCoupling(AffineCoupling):
    def __init__(self, dim, mask, hidden=64):
        super().__init__(dim, mask, hidden)
        nets = [self.scale_net, self.shift_net]
        del self.scale_net, self.shift_net
        self.nets = nets

    def forward(self, x):
        m = self.mask.to(x.dtype)
        h = x * m
        s = torch.tanh(self.nets[0](h)) * (1 - m)
        t = self.nets[1](h) * (1 - m)
        return h + (1 - m) * (x * torch.exp(s) + t), s.sum(dim=-1)

    def inverse(self, z):
        m = self.mask.to(z.dtype)
        h = z * m
        s = torch.tanh(self.nets[0](h)) * (1 - m)
        t = self.nets[1](h) * (1 - m)
        return h + (1 - m) * ((z - t) * torch.exp(-s)), -s.sum(dim=-1)
