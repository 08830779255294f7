# must-fail: test_mala_step_matches
# why: ignores the given u and draws its own uniforms from the global random state.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    return _mala_ok(x, log_p, grad_log_p, h, noise, torch.rand(u.shape, dtype=u.dtype))
