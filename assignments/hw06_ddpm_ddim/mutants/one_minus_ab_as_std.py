# must-fail: test_q_sample_matches_closed_form, test_q_sample_statistics, test_public_q_sample_shapes_and_t0
# why: 1 - alpha_bar[t] (a variance) used as the standard deviation of the noise
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).to(x0.dtype) * eps
