# must-fail: test_sample_reverse_ode_is_euler_on_pf_drift, test_sample_reverse_gaussian_exact_score
# why: ode=True just switches the noise off and keeps the reverse-SDE drift f - g^2 s (not the probability-flow ODE)
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
    def drift(x, t):
        return reverse_sde_drift(x, t, score, vp_beta)

    def diffusion(t):
        return 0.0 if ode else math.sqrt(float(vp_beta(t)))
    with torch.no_grad():
        return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
