# must-fail: test_sample_shapes_dtypes_and_log_prob_finite
# why: z is drawn in the default dtype (float32) whatever the dtype of the parameters.
class FlowSequence(FlowSequence):
    def sample(self, n, generator=None):
        z = torch.randn(n, self.layers[0].dim, generator=generator)
        x, _ = self.inverse(z)
        return x.detach()
