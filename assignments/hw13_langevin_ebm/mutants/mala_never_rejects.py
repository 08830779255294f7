# must-fail: test_mala_keeps_gaussian_invariant, test_mala_long_run_variance, test_mala_step_matches
# why: returns the proposal everywhere (it is ULA): the accept decision is computed but not applied.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    _, accepted = _mala_ok(x, log_p, grad_log_p, h, noise, u)
    return x + h * grad_log_p(x) + math.sqrt(2 * h) * noise, accepted
