# must-fail: test_public_realnvp_inverts, test_flow_sequence_inverse_and_sample
# why: FlowSequence.inverse applies the layers' inverses in list order instead of reverse order.
class FlowSequence(FlowSequence):
    def inverse(self, z):
        logdet = torch.zeros(z.shape[0], dtype=z.dtype)
        for layer in self.layers:
            z, ld = layer.inverse(z)
            logdet = logdet + ld
        return z, logdet
