# must-fail: test_coupling_inverse_logdet_is_minus_forward
# why: inverse returns +sum(s), the forward logdet, instead of log|det dx/dz| = -sum(s).
class AffineCoupling(AffineCoupling):
    def inverse(self, z):
        x, logdet_inv = super().inverse(z)
        return x, -logdet_inv
