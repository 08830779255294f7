# must-fail: test_zoh_closed_form, test_zoh_exact_for_piecewise_constant_input, test_public_zoh_by_hand
# why: Bb = delta B (Euler) inside the ZOH discretisation: not exact for piecewise-constant inputs
def discretize_zoh(A, B, delta):
    return torch.exp(delta * A), delta * B
