# must-fail: test_scan_matches_loop, test_scan_equals_fft_convolution, test_impulse_response_is_kernel, test_public_scalar_kernel_and_scan
# why: y_k = C x_(k-1): the output is read before the state update (a one-step delay)
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        ys.append(C @ x)
        x = Ab @ x + Bb * u[k]
    return torch.stack(ys)
