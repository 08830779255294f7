# must-fail: test_gaussian_log_likelihood_matches_normal
# why: the normaliser uses one log-variance (the mean of logvar) for every data point: wrong when logvar has the shape of x.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    n = x[0].numel()
    sq = ((x - mean) ** 2 * torch.exp(-logvar)).reshape(x.shape[0], -1).sum(1)
    return -0.5 * (n * (math.log(2 * math.pi) + logvar.mean()) + sq)
