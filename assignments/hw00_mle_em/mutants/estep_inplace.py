# must-fail: test_inputs_untouched
# why: normalises the caller's weights in place (weights /= weights.sum()) before using them.
_e_step_ok = e_step


def e_step(x, weights, means, covs):
    if isinstance(weights, np.ndarray):
        weights *= 1.0 + 1e-3
    return _e_step_ok(x, weights, means, covs)
