# must-fail: test_gaussian_log_likelihood_matches_normal
# why: sums over the last axis only: an image batch (B, C, H, W) gives (B, C, H) instead of (B,).
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.expand(x.shape).sum(-1)
