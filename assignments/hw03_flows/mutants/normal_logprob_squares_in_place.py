# must-fail: test_standard_normal_logprob_dtype_and_inputs
# why: z is squared in place (z.pow_(2)), so the caller's tensor is overwritten.
def standard_normal_logprob(z):
    d = z.shape[-1]
    return -0.5 * z.pow_(2).sum(dim=-1) - 0.5 * d * math.log(2 * math.pi)
