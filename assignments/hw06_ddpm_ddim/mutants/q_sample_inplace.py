# must-fail: test_inputs_untouched
# why: right values, but the caller's eps is scaled in place
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    noise = eps.mul_((1 - ab).sqrt().to(x0.dtype))
    return ab.sqrt().to(x0.dtype) * x0 + noise
