# must-fail: test_hutchinson_is_quadratic_form, test_no_global_rng
# why: the probe argument is ignored: a fresh Gaussian probe is drawn from the global random state.
def hutchinson_divergence(u, x, t, probe):
    probe = torch.randn_like(x)
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp * probe).sum(dim=-1)
