# must-fail: test_sample_eta0_equals_ddim_chain, test_sample_ddim_eta0_with_exact_oracle
# why: the schedule is rebuilt (linear, T = 1000) instead of read from eps_model.alpha_bar
def sample(eps_model, shape, timesteps, eta, generator):
    alpha_bar = alpha_bar_from_betas(linear_beta_schedule(1000))
    steps = [int(t) for t in timesteps]
    x = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            z = torch.randn(shape, generator=generator, dtype=alpha_bar.dtype)
            x = ddim_step(eps_model, x, t, t_prev, z, alpha_bar, eta)
    return x
