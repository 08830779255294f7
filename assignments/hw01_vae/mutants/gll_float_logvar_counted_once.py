# must-fail: test_gaussian_log_likelihood_matches_normal, test_public_gaussian_log_likelihood
# why: a float logvar enters the normaliser once per data point instead of once per coordinate.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    lv = torch.as_tensor(logvar, dtype=x.dtype)
    sq = ((x - mean) ** 2 * torch.exp(-lv)).expand(x.shape).reshape(x.shape[0], -1).sum(1)
    n = x[0].numel()
    if isinstance(logvar, float):
        return -0.5 * (n * math.log(2 * math.pi) + logvar + sq)
    per = -0.5 * (math.log(2 * math.pi) + lv + (x - mean) ** 2 * torch.exp(-lv))
    return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
