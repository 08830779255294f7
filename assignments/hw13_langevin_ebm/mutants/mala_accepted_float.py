# must-fail: test_mala_step_matches, test_inputs_dtype_global_rng
# why: returns accepted as a 0/1 float tensor, not a bool tensor.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    x_new, accepted = _mala_ok(x, log_p, grad_log_p, h, noise, u)
    return x_new, accepted.to(x.dtype)
