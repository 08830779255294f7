# must-fail: test_log_mean_exp_value
# why: keepdim then .squeeze() removes every axis of size 1, not only the reduced one.
def log_mean_exp(a, dim):
    m = a.amax(dim=dim, keepdim=True)
    return (m + torch.log(torch.exp(a - m).mean(dim=dim, keepdim=True))).squeeze()
