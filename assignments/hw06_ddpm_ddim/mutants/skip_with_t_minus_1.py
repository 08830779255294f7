# must-fail: test_sample_ddim_skipped_steps, test_sample_eta0_equals_ddim_chain
# why: the sampler always steps to t - 1 instead of the next timestep (fine for [T, ..., 1], wrong when skipping)
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for t in timesteps:
            z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
            x = ddim_step(eps_model, x, int(t), int(t) - 1, z, alpha_bar, eta)
    return x
