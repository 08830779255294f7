# must-fail: test_sample_uses_only_its_generator, test_sample_eta0_equals_ddim_chain
# why: x_T and z are drawn in torch's default dtype (float32), not the dtype of alpha_bar
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = eps_model.alpha_bar
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            z = torch.randn(shape, generator=generator)
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
    return x
