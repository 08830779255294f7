# must-fail: test_gaussian_log_likelihood_matches_normal
# why: the default logvar is 1 instead of 0: gaussian_log_likelihood(x, mean) is not log N(x; mean, I).
def gaussian_log_likelihood(x, mean, logvar=1.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
