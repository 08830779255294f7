# must-fail: test_fm_log_prob_mlp_field
# why: fm_log_prob's default is n_steps=20 instead of 50.
def fm_log_prob(flow, x, n_steps=20):
    """log p_1(x) of the flow of dx/dt = flow(x, t): RK4 backwards from t = 1 to t = 0 with n_steps,
    exact divergence by autograd. x: (B, D) -> (B,), detached."""
    def field_and_div(y, t):
        with torch.enable_grad():
            y = y.detach().requires_grad_(True)
            u = flow(y, torch.full((y.shape[0], 1), t, dtype=y.dtype))
            div = torch.zeros(y.shape[0], dtype=y.dtype)
            for j in range(y.shape[1]):
                div = div + torch.autograd.grad(u[:, j].sum(), y, retain_graph=True)[0][:, j]
        return u.detach(), div.detach()

    h = 1.0 / n_steps
    y = x.detach()
    integral = torch.zeros(x.shape[0], dtype=x.dtype)
    for k in range(n_steps):
        t = 1.0 - k * h
        u1, d1 = field_and_div(y, t)
        u2, d2 = field_and_div(y - 0.5 * h * u1, t - 0.5 * h)
        u3, d3 = field_and_div(y - 0.5 * h * u2, t - 0.5 * h)
        u4, d4 = field_and_div(y - h * u3, t - h)
        y = y - h / 6 * (u1 + 2 * u2 + 2 * u3 + u4)
        integral = integral + h / 6 * (d1 + 2 * d2 + 2 * d3 + d4)
    base = -0.5 * (y * y).sum(dim=-1) - 0.5 * y.shape[-1] * math.log(2 * math.pi)
    return base - integral
