# must-fail: test_sample_with_noise_equals_ddim_chain, test_sample_ddpm_with_exact_oracle
# why: one z is drawn once and reused at every step (the noise of successive steps is not independent)
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
    return x
