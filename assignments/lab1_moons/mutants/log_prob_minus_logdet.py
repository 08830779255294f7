# must-fail: test_public_realnvp_inverts, test_realnvp_density_normalised
# why: log_prob subtracts the log-determinant (log N(z) - logdet).
class FlowSequence(FlowSequence):
    def log_prob(self, x):
        z, logdet = self.forward(x)
        return -0.5 * (z * z).sum(-1) - 0.5 * z.shape[-1] * math.log(2 * math.pi) - logdet
