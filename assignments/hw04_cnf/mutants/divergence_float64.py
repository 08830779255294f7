# must-fail: test_float32_and_float64
# why: the running sum starts as a float64 zero vector, which promotes the divergence to float64 for float32 inputs.
def divergence_exact(u, x, t):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        div = torch.zeros(x.shape[0], dtype=torch.float64)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x_in, create_graph=True)
            div = div + row[:, i]
    return div
