# must-fail: test_sample_runs_without_autograd
# why: right samples, but the loop is not under torch.no_grad(): with a network, every step records a graph
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    for i, t in enumerate(steps):
        t_prev = steps[i + 1] if i + 1 < len(steps) else 0
        z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype) if eta > 0 else None
        x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
    return x
