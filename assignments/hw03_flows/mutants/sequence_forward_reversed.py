# must-fail: test_sequence_forward_composes_and_adds_logdets
# why: forward runs the layers last to first, so layers[0] is not the first map applied to data.
class FlowSequence(FlowSequence):
    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for layer in reversed(self.layers):
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet
