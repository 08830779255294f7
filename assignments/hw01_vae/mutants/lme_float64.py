# must-fail: test_float32_and_float64
# why: computes in float64: float32 inputs give a float64 result.
def log_mean_exp(a, dim):
    return torch.logsumexp(a.double(), dim=dim) - math.log(a.shape[dim])
