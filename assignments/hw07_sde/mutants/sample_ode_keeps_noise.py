# must-fail: test_sample_reverse_ode_is_euler_on_pf_drift
# why: ode=True switches to the probability-flow drift but keeps the diffusion sqrt(beta): not deterministic
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
    def drift(x, t):
        return pf_ode_drift(x, t, score, vp_beta) if ode else reverse_sde_drift(x, t, score, vp_beta)

    def diffusion(t):
        return math.sqrt(float(vp_beta(t)))
    with torch.no_grad():
        return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
