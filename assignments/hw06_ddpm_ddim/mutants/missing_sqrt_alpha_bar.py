# must-fail: test_q_sample_matches_closed_form, test_q_sample_statistics, test_public_q_sample_shapes_and_t0
# why: the signal is scaled by alpha_bar[t] instead of sqrt(alpha_bar[t])
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    return ab.to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * eps
