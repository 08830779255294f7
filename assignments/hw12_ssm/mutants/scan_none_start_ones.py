# must-fail: test_scan_matches_loop, test_impulse_response_is_kernel
# why: without x0 the state starts at ones instead of x_(-1) = 0
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.ones(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        x = Ab @ x + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys)
