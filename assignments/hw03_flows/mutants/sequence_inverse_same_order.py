# must-fail: test_sequence_inverse_reverses_layers, test_sample_latent_is_standard_normal
# why: FlowSequence.inverse runs the layers' inverses in the forward order instead of the reverse order.
class FlowSequence(FlowSequence):
    def inverse(self, z):
        logdet = torch.zeros(z.shape[0], dtype=z.dtype, device=z.device)
        for layer in self.layers:
            z, ld = layer.inverse(z)
            logdet = logdet + ld
        return z, logdet
