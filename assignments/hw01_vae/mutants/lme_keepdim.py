# must-fail: test_log_mean_exp_value
# why: keeps the reduced axis (size 1) instead of removing it.
def log_mean_exp(a, dim):
    return torch.logsumexp(a, dim=dim, keepdim=True) - math.log(a.shape[dim])
