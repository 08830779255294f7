# must-fail: test_sample_reverse_sde_is_em_on_reverse_drift, test_sample_reverse_ode_is_euler_on_pf_drift, test_sample_reverse_gaussian_exact_score
# why: integrates from t_eps up to 1 (the forward direction) instead of from 1 down to t_eps
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
        return euler_maruyama(drift, diffusion, x_T, t_eps, 1.0, n_steps, generator)
