# must-fail: test_scan_matches_loop, test_equal_sizes
# why: the outputs are squeezed: for L = 1 the result has shape () instead of (1,)
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        x = Ab @ x + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys).squeeze()
