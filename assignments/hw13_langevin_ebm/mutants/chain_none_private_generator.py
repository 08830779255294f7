# must-fail: test_langevin_chain_generator
# why: with generator=None draws from a fresh private generator instead of torch's global one.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    if generator is None:
        generator = torch.Generator()
    x, states = x0, [x0]
    for _ in range(n_steps):
        x = ula_step(x, grad_log_p, h, torch.randn(x0.shape, generator=generator, dtype=x0.dtype))
        states.append(x)
    return torch.stack(states) if return_all else x
