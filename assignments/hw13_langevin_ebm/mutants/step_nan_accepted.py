# must-fail: test_step_size_validation
# why: only rejects h <= 0, so a nan step size passes (nan <= 0 is False).
def _check_step(h, name="h"):
    if h <= 0:
        raise ValueError(f"the step size {name} must be a positive number; got {h!r}")
    return float(h)
