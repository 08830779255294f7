# must-fail: test_scan_matches_loop, test_scan_equals_fft_convolution
# why: x @ Ab is Ab^T x: right for a diagonal Ab, wrong for a dense one
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        x = x @ Ab + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys)
