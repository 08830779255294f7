# must-fail: test_generator_none_means_global
# why: generator=None is replaced by torch.Generator().manual_seed(0): the same samples on every call, not the global generator
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    if ode:
        def drift(x, t):
            return pf_ode_drift(x, t, score, vp_beta)

        def diffusion(t):
            return 0.0
    else:
        def drift(x, t):
            return reverse_sde_drift(x, t, score, vp_beta)

        def diffusion(t):
            return math.sqrt(float(vp_beta(t)))
    with torch.no_grad():
        return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
