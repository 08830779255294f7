# must-fail: test_langevin_step_formula, test_langevin_chain_stationary
# why: noise sqrt(step_size) z instead of sqrt(2 step_size) z: the chain is too cold (stationary variance about v/2)
def langevin_step(score, x, t, step_size, z):
    s = score(x, torch.full((x.shape[0],), float(t), dtype=x.dtype))
    return x + step_size * s + math.sqrt(step_size) * z
