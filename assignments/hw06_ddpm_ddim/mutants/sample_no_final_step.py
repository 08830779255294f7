# must-fail: test_sample_eta0_equals_ddim_chain, test_sample_with_noise_equals_ddim_chain
# why: the sampler stops at the last timestep instead of stepping from it to 0
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for t, t_prev in zip(steps[:-1], steps[1:]):
            z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
    return x
