# must-fail: test_mala_step_matches, test_inputs_dtype_global_rng
# why: torch.where(accepted, y, x) broadcasts the (B,) mask along the feature axis: wrong rows when B == D, an error otherwise.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    _, accepted = _mala_ok(x, log_p, grad_log_p, h, noise, u)
    y = x + h * grad_log_p(x) + math.sqrt(2 * h) * noise
    return torch.where(accepted, y, x), accepted
