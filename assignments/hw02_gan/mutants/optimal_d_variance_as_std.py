# must-fail: test_optimal_d_logit_value, test_d_loss_optimal_discriminator_jsd
# why: treats s as a variance: (x - mu)² / (2 s) and ½ log s.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    return 0.5 * (x - mu_g) ** 2 / s_g - 0.5 * (x - mu_r) ** 2 / s_r + 0.5 * math.log(s_g / s_r)
