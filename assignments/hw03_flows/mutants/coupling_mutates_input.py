# must-fail: test_coupling_does_not_mutate_inputs
# why: the transformed coordinates are written into the input tensor (x[:, ~mask] = ...).
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        z, logdet = super().forward(x)
        x[:, ~self.mask] = z[:, ~self.mask]
        return x, logdet
