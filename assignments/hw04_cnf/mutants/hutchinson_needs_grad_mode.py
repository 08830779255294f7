# must-fail: test_works_under_no_grad
# why: gradients are not switched back on: inside torch.no_grad() the field's output has no graph.
def hutchinson_divergence(u, x, t, probe):
    x_in = x if x.requires_grad else x.detach().requires_grad_(True)
    out = u(x_in, t)
    (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp * probe).sum(dim=-1)
