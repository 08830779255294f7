# must-fail: test_langevin_calling_convention
# why: the score's time tensor is torch.full((B,), t) in torch's default dtype (float32), not the dtype of x
def langevin_step(score, x, t, step_size, z):
    s = score(x, torch.full((x.shape[0],), float(t)))
    return x + step_size * s + math.sqrt(2.0 * step_size) * z
