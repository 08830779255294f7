# must-fail: test_bilinear_closed_form, test_bilinear_vs_zoh_orders
# why: Bb = delta B (Euler) next to the bilinear Ab: it agrees with ZOH to second order per step only
def discretize_bilinear(A, B, delta):
    eye = torch.eye(A.shape[0], dtype=A.dtype)
    left = eye - (delta / 2) * A
    return torch.linalg.solve(left, eye + (delta / 2) * A), delta * B
