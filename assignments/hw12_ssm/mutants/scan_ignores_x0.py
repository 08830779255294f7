# must-fail: test_scan_matches_loop, test_inputs_untouched
# why: the start state x0 is ignored (always zeros)
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype)
    ys = []
    for k in range(u.shape[0]):
        x = Ab @ x + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys)
