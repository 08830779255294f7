# must-fail: test_sample_eta0_equals_ddim_chain, test_sample_with_noise_equals_ddim_chain
# why: the first z is drawn from the generator before x_T
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
            z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    return x
