# must-fail: test_hutchinson_one_vjp
# why: zᵀJz is computed with D vector-Jacobian products (one per coordinate, like divergence_exact) instead of one.
def hutchinson_divergence(u, x, t, probe):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        est = torch.zeros(x.shape[0], dtype=x.dtype)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x_in, create_graph=True)
            est = est + probe[:, i] * (row * probe).sum(dim=-1)
    return est
