# must-fail: test_float32_and_float64
# why: computes in float64 for accuracy and forgets to cast back: float32 inputs come back as float64.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    x = x.double()
    return 0.5 * ((x - mu_g) / s_g) ** 2 - 0.5 * ((x - mu_r) / s_r) ** 2 + math.log(s_g / s_r)
