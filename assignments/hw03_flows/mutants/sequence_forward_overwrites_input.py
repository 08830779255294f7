# must-fail: test_sequence_dtypes_and_inputs_untouched
# why: the latent is copied back into the input tensor (x.copy_(z)): the caller's data are overwritten.
class FlowSequence(FlowSequence):
    def forward(self, x):
        z, logdet = super().forward(x)
        return x.copy_(z), logdet
