# must-fail: test_bilinear_closed_form, test_bilinear_vs_zoh_orders
# why: Bb is returned as the (N, 1) column that solve gives, not as a vector (N,)
def discretize_bilinear(A, B, delta):
    eye = torch.eye(A.shape[0], dtype=A.dtype)
    left = eye - (delta / 2) * A
    return torch.linalg.solve(left, eye + (delta / 2) * A), torch.linalg.solve(left, (delta * B)[:, None])
