# must-fail: test_inputs_untouched
# why: right values, but x - mean is written into the caller's x.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    logvar = torch.as_tensor(logvar, dtype=x.dtype)
    shape = x.shape
    diff = x.sub_(mean)
    per = -0.5 * (math.log(2 * math.pi) + logvar + diff**2 * torch.exp(-logvar))
    return per.expand(shape).reshape(shape[0], -1).sum(1)
