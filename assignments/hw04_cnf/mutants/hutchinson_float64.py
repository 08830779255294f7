# must-fail: test_float32_and_float64
# why: the final dot product is done in float64 for accuracy, so float32 inputs give a float64 result.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return (vjp.double() * probe.double()).sum(dim=-1)
