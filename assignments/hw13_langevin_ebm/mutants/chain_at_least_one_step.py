# must-fail: test_langevin_chain_matches_loop
# why: always takes at least one step: n_steps = 0 does not return x0.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    x, states = x0, [x0]
    for _ in range(max(n_steps, 1)):
        x = ula_step(x, grad_log_p, h, torch.randn(x0.shape, generator=generator, dtype=x0.dtype))
        states.append(x)
    return torch.stack(states) if return_all else x
