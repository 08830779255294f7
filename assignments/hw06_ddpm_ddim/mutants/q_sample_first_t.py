# must-fail: test_q_sample_matches_closed_form
# why: one time for the whole batch: alpha_bar[t[0]] is used for every sample
def q_sample(x0, t, eps, alpha_bar):
    ab = alpha_bar[t[0]].to(torch.float64)
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * eps
