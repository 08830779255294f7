# must-fail: test_langevin_chain_matches_loop
# why: returns the state before the last step (n_steps - 1 steps).
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    x, states = x0, [x0]
    for _ in range(n_steps):
        states.append(ula_step(states[-1], grad_log_p, h, torch.randn(x0.shape, generator=generator, dtype=x0.dtype)))
    return torch.stack(states) if return_all else states[max(len(states) - 2, 0)]
