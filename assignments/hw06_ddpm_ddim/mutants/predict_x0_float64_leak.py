# must-fail: test_float32_and_float64
# why: the float64 coefficients are not cast: float32 data come back as float64
def predict_x0_from_eps(x_t, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x_t)
    return (x_t - (1 - ab).sqrt() * eps) / ab.sqrt()
