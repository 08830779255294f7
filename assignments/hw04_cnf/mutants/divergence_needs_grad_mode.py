# must-fail: test_works_under_no_grad
# why: no torch.enable_grad(): inside torch.no_grad() the field's output has no graph and autograd.grad fails.
def divergence_exact(u, x, t):
    x_in = x if x.requires_grad else x.detach().requires_grad_(True)
    out = u(x_in, t)
    div = torch.zeros(x.shape[0], dtype=x.dtype)
    for i in range(x.shape[1]):
        (row,) = torch.autograd.grad(out[:, i].sum(), x_in, create_graph=True)
        div = div + row[:, i]
    return div
