# must-fail: test_inputs_untouched
# why: scales the caller's x in place ((db / b) x, then adds the z term to it): right value, but x is overwritten.
def gaussian_path_velocity(x, z, t, alpha, beta, dalpha, dbeta):
    a, b, da, db = alpha(t), beta(t), dalpha(t), dbeta(t)
    return x.mul_(db / b).add_((da - db / b * a) * z)
