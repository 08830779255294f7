# must-fail: test_inputs_untouched
# why: the product zᵀJ ⊙ z is written into the caller's probe (probe.mul_), which changes it.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        (vjp,) = torch.autograd.grad(out, x_in, grad_outputs=probe, create_graph=True)
    return probe.mul_(vjp).sum(dim=-1)
