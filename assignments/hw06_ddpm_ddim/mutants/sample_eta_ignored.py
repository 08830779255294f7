# must-fail: test_sample_with_noise_equals_ddim_chain
# why: every step is a deterministic DDIM step (eta = 0) whatever eta is passed; the DDPM moments still come out right
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, 0.0)
    return x
