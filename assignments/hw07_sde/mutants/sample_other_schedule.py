# must-fail: test_sample_reverse_sde_is_em_on_reverse_drift, test_sample_reverse_ode_is_euler_on_pf_drift
# why: integrates with a schedule beta(t) of its own (beta_max = 10) instead of vp_beta's defaults 0.1 and 20
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
    def beta(t):
        return vp_beta(t, 0.1, 10.0)

    if ode:
        def drift(x, t):
            return pf_ode_drift(x, t, score, beta)

        def diffusion(t):
            return 0.0
    else:
        def drift(x, t):
            return reverse_sde_drift(x, t, score, beta)

        def diffusion(t):
            return math.sqrt(float(beta(t)))
    with torch.no_grad():
        return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
