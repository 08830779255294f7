# must-fail: test_float32_and_float64
# why: float64 coefficients multiply float32 data without a cast: the result is promoted to float64
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    return ab.sqrt() * x0 + (1 - ab).sqrt() * eps
