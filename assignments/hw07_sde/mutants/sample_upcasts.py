# must-fail: test_sample_reverse_ode_is_euler_on_pf_drift, test_float32_and_float64
# why: x_T is cast to float64 for accuracy and the float64 samples are returned: float32 noise does not give float32 samples
def sample_reverse(score, x_T, n_steps, ode, generator=None, t_eps=1e-3):
    if ode:
        def drift(x, t):
            return pf_ode_drift(x.to(x_T.dtype), t, score, vp_beta).double()

        def diffusion(t):
            return 0.0
    else:
        def drift(x, t):
            return reverse_sde_drift(x.to(x_T.dtype), t, score, vp_beta).double()

        def diffusion(t):
            return math.sqrt(float(vp_beta(t)))
    with torch.no_grad():
        return euler_maruyama(drift, diffusion, x_T.double(), 1.0, t_eps, n_steps, generator)
