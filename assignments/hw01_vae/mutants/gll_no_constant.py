# must-fail: test_gaussian_log_likelihood_matches_normal, test_public_gaussian_log_likelihood, test_negative_elbo_tight_on_ppca
# why: the normalising constant -1/2 log(2 pi) per coordinate is dropped (fine for training, not a log-density).
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
