# must-fail: test_inputs_untouched
# why: right values, but the maximum is subtracted from the caller's a in place.
def log_mean_exp(a, dim):
    m = a.amax(dim=dim, keepdim=True)
    a.sub_(m)
    return m.squeeze(dim) + torch.log(torch.exp(a).mean(dim=dim))
