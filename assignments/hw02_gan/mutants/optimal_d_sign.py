# must-fail: test_optimal_d_logit_value, test_d_loss_optimal_discriminator_jsd
# why: log p_g - log p_r: the logit of "fake", not of "real".
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    z_r = (x - mu_r) / s_r
    z_g = (x - mu_g) / s_g
    return 0.5 * (z_r * z_r - z_g * z_g) + math.log(s_r / s_g)
