# must-fail: test_hutchinson_is_quadratic_form
# why: differentiates with respect to x as given: fails when x does not require gradients.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        out = u(x, t)
        (vjp,) = torch.autograd.grad(out, x, grad_outputs=probe, create_graph=True)
    return (vjp * probe).sum(dim=-1)
