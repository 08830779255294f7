# must-fail: test_inputs_untouched
# why: right values, but x is updated in place (the caller's tensor is destroyed)
def langevin_step(score, x, t, step_size, z):
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    x += step_size * s + math.sqrt(2.0 * step_size) * z
    return x
