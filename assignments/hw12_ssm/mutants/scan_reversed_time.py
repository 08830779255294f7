# must-fail: test_scan_matches_loop, test_causality_and_shift_equivariance
# why: the recurrence runs from the end of the sequence to its start: y_k depends on the future inputs
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in reversed(range(u.shape[0])):
        x = Ab @ x + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys[::-1])
