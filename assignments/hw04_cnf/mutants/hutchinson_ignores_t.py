# must-fail: test_hutchinson_is_quadratic_form
# why: the field is evaluated at t = 0 instead of at the given times.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, torch.zeros_like(t))
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp * probe).sum(dim=-1)
