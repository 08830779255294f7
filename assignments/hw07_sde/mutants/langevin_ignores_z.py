# must-fail: test_langevin_step_formula, test_no_global_rng_when_noise_is_passed
# why: draws its own noise torch.randn_like(x) instead of using the z it is given
def langevin_step(score, x, t, step_size, z):
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return x + step_size * s + math.sqrt(2.0 * step_size) * torch.randn_like(x)
