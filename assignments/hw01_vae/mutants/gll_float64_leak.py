# must-fail: test_float32_and_float64
# why: a float logvar becomes a float64 tensor, which promotes float32 data: the result is float64.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    if not isinstance(logvar, torch.Tensor):
        logvar = torch.tensor(logvar, dtype=torch.float64).expand(x.shape)
    per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return per.reshape(x.shape[0], -1).sum(1)
