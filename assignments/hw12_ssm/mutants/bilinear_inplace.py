# must-fail: test_inputs_untouched
# why: A is scaled by delta / 2 in place (the values are right, the caller's A is changed)
def discretize_bilinear(A, B, delta):
    eye = torch.eye(A.shape[0], dtype=A.dtype)
    half = A.mul_(delta / 2)
    return torch.linalg.solve(eye - half, eye + half), torch.linalg.solve(eye - half, (delta * B)[:, None])[:, 0]
