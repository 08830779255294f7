# must-fail: test_langevin_chain_matches_loop
# why: draws all the noise in one call of shape (n_steps, *x0.shape), not one call per step.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    noise = torch.randn((n_steps, *x0.shape), generator=generator, dtype=x0.dtype)
    x, states = x0, [x0]
    for k in range(n_steps):
        x = ula_step(x, grad_log_p, h, noise[k])
        states.append(x)
    return torch.stack(states) if return_all else x
