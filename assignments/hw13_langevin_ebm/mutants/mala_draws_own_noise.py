# must-fail: test_mala_step_matches, test_inputs_dtype_global_rng
# why: ignores the given noise and draws its own proposal noise from the global random state.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    return _mala_ok(x, log_p, grad_log_p, h, torch.randn_like(x), u)
