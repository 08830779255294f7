# must-fail: test_inputs_untouched
# why: standardises the caller's x in place (x.sub_(mu_r).div_(s_r)) to save a copy: the right logits, a corrupted input.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    z_g = (x - mu_g) / s_g
    z_r = x.sub_(mu_r).div_(s_r)
    return 0.5 * (z_g * z_g - z_r * z_r) + math.log(s_g / s_r)
