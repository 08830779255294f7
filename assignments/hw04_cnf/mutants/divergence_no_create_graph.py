# must-fail: test_backpropagates_to_field_parameters
# why: the backward passes are done without create_graph=True: right values, but the divergence is a constant for the optimiser (a CNF cannot be trained).
def divergence_exact(u, x, t):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t)
        div = torch.zeros(x.shape[0], dtype=x.dtype)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x_in, retain_graph=True)
            div = div + row[:, i]
    return div
