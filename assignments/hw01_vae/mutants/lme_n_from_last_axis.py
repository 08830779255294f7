# must-fail: test_log_mean_exp_value, test_log_mean_exp_stable
# why: divides by the size of the last axis instead of the size of the reduced axis dim.
def log_mean_exp(a, dim):
    return torch.logsumexp(a, dim=dim) - math.log(a.shape[-1])
