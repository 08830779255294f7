# must-fail: test_ula_step_formula, test_inputs_dtype_global_rng
# why: ignores the given noise and draws its own from the global random state.
def ula_step(x, grad_log_p, h, noise):
    h = _check_step(h)
    return x + h * grad_log_p(x) + math.sqrt(2 * h) * torch.randn_like(x)
