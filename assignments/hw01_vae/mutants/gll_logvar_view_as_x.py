# must-fail: test_gaussian_log_likelihood_matches_normal
# why: a tensor logvar is assumed to have the shape of x: one log-variance per coordinate, shape (D,), is rejected.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    if isinstance(logvar, torch.Tensor) and logvar.dim() > 0:
        logvar = logvar.view_as(x)
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
