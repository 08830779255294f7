# must-fail: test_optimal_d_logit_value, test_d_loss_optimal_discriminator_jsd
# why: drops the log s terms of the two densities: wrong whenever s_r != s_g.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    return 0.5 * ((x - mu_g) / s_g) ** 2 - 0.5 * ((x - mu_r) / s_r) ** 2
