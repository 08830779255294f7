# must-fail: test_langevin_step_formula, test_langevin_calling_convention
# why: the score is called with the float t instead of a tensor of shape (B,)
def langevin_step(score, x, t, step_size, z):
    return x + step_size * score(x, t) + math.sqrt(2.0 * step_size) * z
