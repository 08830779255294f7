# must-fail: test_sample_latent_is_standard_normal, test_sample_is_the_specified_draw
# why: samples are forward(z) instead of inverse(z): the normalizing direction used to generate.
class FlowSequence(FlowSequence):
    def sample(self, n, generator=None):
        p = next(self.parameters())
        z = torch.randn(n, self.layers[0].dim, generator=generator, dtype=p.dtype)
        x, _ = self.forward(z)
        return x.detach()
