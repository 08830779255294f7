# must-fail: test_causal_conv_fft_matches_direct, test_scan_equals_fft_convolution, test_causality_and_shift_equivariance
# why: FFT of length L without zero padding: a circular convolution, the end wraps onto the beginning
def causal_conv_fft(u, K):
    L = u.shape[-1]
    return torch.fft.irfft(torch.fft.rfft(u, n=L) * torch.fft.rfft(K, n=L), n=L).to(u.dtype)
