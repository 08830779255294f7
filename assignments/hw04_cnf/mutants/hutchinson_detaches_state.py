# must-fail: test_backpropagates_to_field_parameters
# why: x is always detached, so inside cnf_log_prob the estimate forgets that the state depends on the field's parameters.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp * probe).sum(dim=-1)
