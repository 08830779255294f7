# must-fail: test_optimal_d_logit_stable_far
# why: the log of a ratio of densities: both underflow to 0 far in the tails, log(0 / 0) = nan.
def optimal_d_logit(x, mu_r, s_r, mu_g, s_g):
    p_r = torch.exp(-0.5 * ((x - mu_r) / s_r) ** 2) / (s_r * math.sqrt(2 * math.pi))
    p_g = torch.exp(-0.5 * ((x - mu_g) / s_g) ** 2) / (s_g * math.sqrt(2 * math.pi))
    return torch.log(p_r / p_g)
