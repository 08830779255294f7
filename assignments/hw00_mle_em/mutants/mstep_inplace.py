# must-fail: test_inputs_untouched
# why: clips tiny responsibilities in place in the caller's array (resp[resp < t] = 0 style), here by rescaling resp.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    out = _m_step_ok(x, resp, reg_covar)
    if isinstance(resp, np.ndarray):
        resp *= 0.5
    return out
