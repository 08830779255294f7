# must-fail: test_step_size_validation
# why: accepts any step size (0, negative, nan) instead of raising ValueError.
def _check_step(h, name="h"):
    return float(h)
