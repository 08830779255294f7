# must-fail: test_divergence_is_jacobian_trace, test_divergence_of_linear_field_is_trace
# why: differentiates with respect to x as given: fails when x does not require gradients.
def divergence_exact(u, x, t):
    with torch.enable_grad():
        out = u(x, t)
        div = torch.zeros(x.shape[0], dtype=x.dtype)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x, create_graph=True)
            div = div + row[:, i]
    return div
