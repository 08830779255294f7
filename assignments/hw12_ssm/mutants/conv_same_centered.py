# must-fail: test_causal_conv_fft_matches_direct, test_causality_and_shift_equivariance, test_scan_equals_fft_convolution
# why: a 'same'-mode convolution (centred window) instead of the causal one: y_k sees u_(k+1), ...
def causal_conv_fft(u, K):
    L = u.shape[-1]
    full = torch.fft.irfft(torch.fft.rfft(u, n=2 * L) * torch.fft.rfft(K, n=2 * L), n=2 * L)
    start = (L - 1) // 2
    return full[start:start + L].to(u.dtype)
