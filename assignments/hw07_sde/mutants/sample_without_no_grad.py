# must-fail: test_sample_reverse_under_no_grad
# why: the loop is not wrapped in torch.no_grad(): autograd records every score call of the whole trajectory
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
    return euler_maruyama(drift, diffusion, x_T, 1.0, t_eps, n_steps, generator)
