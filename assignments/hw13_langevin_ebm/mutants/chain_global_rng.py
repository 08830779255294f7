# must-fail: test_langevin_chain_generator, test_langevin_chain_matches_loop
# why: ignores the generator and draws from the global random state.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    x, states = x0, [x0]
    for _ in range(n_steps):
        x = ula_step(x, grad_log_p, h, torch.randn_like(x0))
        states.append(x)
    return torch.stack(states) if return_all else x
