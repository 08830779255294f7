# must-fail: test_inputs_dtype_global_rng
# why: computes in float64 and returns float64 for float32 inputs.
_mala_ok = mala_step


def mala_step(x, log_p, grad_log_p, h, noise, u):
    return _mala_ok(x.double(), log_p, grad_log_p, h, noise.double(), u.double())
