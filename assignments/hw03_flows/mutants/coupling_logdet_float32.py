# must-fail: test_coupling_shapes_dtypes
# why: the logdet is returned as float32 whatever the input's dtype.
class AffineCoupling(AffineCoupling):
    def forward(self, x):
        z, logdet = super().forward(x)
        return z, logdet.float()

    def inverse(self, z):
        x, logdet = super().inverse(z)
        return x, logdet.float()
