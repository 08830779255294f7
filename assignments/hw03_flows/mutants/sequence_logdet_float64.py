# must-fail: test_sequence_dtypes_and_inputs_untouched
# why: the logdet accumulator is created in float64, so float32 inputs get a float64 logdet and log_prob.
class FlowSequence(FlowSequence):
    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=torch.float64)
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet
