# must-fail: test_optimal_d_logit_value
# why: flattens x first: the logits come back as a vector (N,) instead of the shape of x.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    x = x.reshape(-1)
    z_r = (x - mu_r) / s_r
    z_g = (x - mu_g) / s_g
    return 0.5 * (z_g * z_g - z_r * z_r) + math.log(s_g / s_r)
