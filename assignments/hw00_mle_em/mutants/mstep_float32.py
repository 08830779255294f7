# must-fail: test_float32_inputs_float64_results
# why: returns the parameters in the dtype of x: float32 inputs give float32 results.
_m_step_ok = m_step


def m_step(x, resp, reg_covar=1e-6):
    dt = np.asarray(x).dtype
    return tuple(a.astype(dt) for a in _m_step_ok(x, resp, reg_covar))
