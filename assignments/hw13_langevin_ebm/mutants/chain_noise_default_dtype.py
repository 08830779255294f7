# must-fail: test_langevin_chain_matches_loop
# why: draws the noise in torch's default dtype (float32), not x0.dtype: other numbers from the same generator.
def langevin_chain(x0, grad_log_p, h, n_steps, generator=None, return_all=False):
    h = _check_step(h)
    x, states = x0, [x0]
    for _ in range(n_steps):
        x = ula_step(x, grad_log_p, h, torch.randn(x0.shape, generator=generator).to(x0.dtype))
        states.append(x)
    return torch.stack(states) if return_all else x
