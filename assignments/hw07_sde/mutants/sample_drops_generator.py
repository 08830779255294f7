# must-fail: test_sample_reverse_sde_is_em_on_reverse_drift, test_no_global_rng_when_noise_is_passed
# why: the generator is not passed on to euler_maruyama: the reverse SDE draws its noise from the global generator
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
        return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps)
