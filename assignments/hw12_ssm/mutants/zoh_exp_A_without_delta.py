# must-fail: test_zoh_closed_form, test_zoh_exact_for_piecewise_constant_input, test_public_zoh_by_hand
# why: Ab = exp(A) instead of exp(delta A)
def discretize_zoh(A, B, delta):
    Ab = torch.exp(A)
    Bb = torch.expm1(A) / A * B
    return Ab, Bb
