# must-fail: test_inputs_untouched
# why: right values, but the caller's x_t is turned into x0 in place
def predict_x0_from_eps(x_t, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x_t)
    return x_t.sub_((1 - ab).sqrt().to(x_t.dtype) * eps).div_(ab.sqrt().to(x_t.dtype))
