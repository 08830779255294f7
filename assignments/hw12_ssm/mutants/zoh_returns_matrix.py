# must-fail: test_zoh_closed_form, test_zoh_exact_for_piecewise_constant_input
# why: Ab is returned as the (N, N) matrix diag(exp(delta A)) instead of its diagonal (N,)
def discretize_zoh(A, B, delta):
    return torch.diag(torch.exp(delta * A)), torch.expm1(delta * A) / A * B
