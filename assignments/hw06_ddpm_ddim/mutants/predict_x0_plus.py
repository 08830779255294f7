# must-fail: test_predict_x0_inverts_q_sample
# why: the noise is added instead of subtracted: not the inverse of q_sample
def predict_x0_from_eps(x_t, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x_t)
    return (x_t + (1 - ab).sqrt().to(x_t.dtype) * eps) / ab.sqrt().to(x_t.dtype)
