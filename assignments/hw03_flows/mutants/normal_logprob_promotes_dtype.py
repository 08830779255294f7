# must-fail: test_standard_normal_logprob_dtype_and_inputs
# why: the squares are summed in float64 "for accuracy" and never cast back: float32 inputs come back as float64.
def standard_normal_logprob(z):
    return -0.5 * (z.double() ** 2).sum(dim=-1) - 0.5 * z.shape[-1] * math.log(2 * math.pi)
