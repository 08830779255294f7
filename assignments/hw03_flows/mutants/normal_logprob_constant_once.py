# must-fail: test_standard_normal_logprob_values
# why: the normalising constant is counted once, -log(2 pi)/2, instead of once per dimension, -D/2 log(2 pi).
def standard_normal_logprob(z):
    return -0.5 * (z * z).sum(dim=-1) - 0.5 * math.log(2 * math.pi)
