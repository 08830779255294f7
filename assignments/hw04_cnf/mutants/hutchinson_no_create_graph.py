# must-fail: test_backpropagates_to_field_parameters
# why: the vjp is taken without create_graph=True, so the estimate does not depend on the field's parameters.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=False)
    return (vjp * probe).sum(dim=-1)
