# must-fail: test_gaussian_log_likelihood_matches_normal, test_public_gaussian_log_likelihood, test_negative_elbo_tight_on_ppca
# why: the squared error is divided by the standard deviation exp(logvar / 2) instead of the variance.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 / torch.exp(0.5 * logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
