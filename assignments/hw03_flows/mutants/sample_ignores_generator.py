# must-fail: test_sample_uses_generator_not_global_rng
# why: the generator argument is ignored: z comes from the global RNG.
class FlowSequence(FlowSequence):
    def sample(self, n, generator=None):
        return super().sample(n, generator=None)
