# must-fail: test_sequence_forward_composes_and_adds_logdets
# why: the logdet is overwritten by each layer's instead of summed: only the last layer's is returned.
class FlowSequence(FlowSequence):
    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for layer in self.layers:
            x, logdet = layer(x)
        return x, logdet
