# must-fail: test_log_mean_exp_value, test_log_mean_exp_stable, test_iwae_exact_posterior
# why: a log-sum-exp without the -log n: the IWAE bound is off by log K.
def log_mean_exp(a, dim):
    return torch.logsumexp(a, dim=dim)
