# must-fail: test_log_mean_exp_value
# why: a negative axis is converted with an off-by-one (dim + ndim - 1): dim=-1 reduces the second-to-last axis.
def log_mean_exp(a, dim):
    if dim < 0:
        dim = dim + a.dim() - 1
    return torch.logsumexp(a, dim=dim) - math.log(a.shape[dim])
