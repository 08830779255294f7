# must-fail: test_divergence_is_jacobian_trace, test_divergence_of_linear_field_is_trace, test_batch_equals_feature_dim
# why: t is flattened to shape (B,) before it is passed to u, instead of being passed unchanged as (B, 1).
def divergence_exact(u, x, t):
    with torch.enable_grad():
        x_in = x if x.requires_grad else x.detach().requires_grad_(True)
        out = u(x_in, t.reshape(-1))
        div = torch.zeros(x.shape[0], dtype=x.dtype)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x_in, create_graph=True)
            div = div + row[:, i]
    return div
