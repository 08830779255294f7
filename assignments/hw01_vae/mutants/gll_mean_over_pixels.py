# must-fail: test_gaussian_log_likelihood_matches_normal, test_public_gaussian_log_likelihood, test_negative_elbo_value
# why: the reconstruction log-likelihood is averaged over the coordinates instead of summed (weighs the KL D times more).
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).mean(1)
