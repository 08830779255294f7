# must-fail: test_langevin_chain_matches_loop
# why: return_all returns only the n_steps new states, without x0.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    x, states = x0, []
    for _ in range(n_steps):
        noise = torch.randn(x0.shape, generator=generator, dtype=x0.dtype)
        x = ula_step(x, grad_log_p, h, noise)
        states.append(x)
    return (torch.stack(states) if states else x0[None]) if return_all else x
