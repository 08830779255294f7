# must-fail: test_inputs_dtype_global_rng
# why: updates x in place (x += ...), modifying the caller's tensor.
def ula_step(x, grad_log_p, h, noise):
    h = _check_step(h)
    g = grad_log_p(x)
    x += h * g + math.sqrt(2 * h) * noise
    return x
