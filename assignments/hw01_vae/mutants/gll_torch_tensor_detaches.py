# must-fail: test_kl_likelihoods_log_mean_exp_differentiable
# why: torch.tensor(logvar) copies a tensor logvar without its graph: right values, but a learnable obs_logvar never learns.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
