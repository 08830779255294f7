# must-fail: test_bilinear_closed_form, test_stable_systems_stay_stable, test_bilinear_vs_zoh_orders
# why: Ab = (I + d/2 A)^-1 (I - d/2 A): the inverse map, unstable for stable A
def discretize_bilinear(A, B, delta):
    eye = torch.eye(A.shape[0], dtype=A.dtype)
    left = eye + (delta / 2) * A
    Ab = torch.linalg.solve(left, eye - (delta / 2) * A)
    Bb = torch.linalg.solve(eye - (delta / 2) * A, (delta * B)[:, None])[:, 0]
    return Ab, Bb
