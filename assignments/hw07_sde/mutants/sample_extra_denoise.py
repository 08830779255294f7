# must-fail: test_sample_reverse_ode_is_euler_on_pf_drift, test_sample_reverse_sde_is_em_on_reverse_drift
# why: a final Tweedie denoising step x + sigma_t^2 s(x, t_eps) is added after the loop: not the state at t_eps
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
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
        x = euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
        _, sigma = vp_marginal(t_eps)
        return x + float(sigma) ** 2 * score(x, torch.full((x.shape[0],), float(t_eps), dtype=x.dtype))
