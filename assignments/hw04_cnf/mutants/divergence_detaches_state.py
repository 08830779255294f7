# must-fail: test_backpropagates_to_field_parameters
# why: x is always detached before differentiating, so inside cnf_log_prob the divergence forgets that the state x_t depends on the field's parameters.
def divergence_exact(u, x, t):
    with torch.enable_grad():
        x_in = x.detach().requires_grad_(True)
        out = u(x_in, t)
        div = torch.zeros(x.shape[0], dtype=x.dtype)
        for i in range(x.shape[1]):
            (row,) = torch.autograd.grad(out[:, i].sum(), x_in, create_graph=True)
            div = div + row[:, i]
    return div
