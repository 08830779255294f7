# must-fail: test_q_sample_matches_closed_form, test_q_sample_at_t0_returns_x0, test_q_sample_statistics
# why: the classic off-by-one: alpha_bar[t - 1] used for x_t (t = 1 then adds no noise, t = 0 wraps to alpha_bar[T])
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t - 1, x0)
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * eps
