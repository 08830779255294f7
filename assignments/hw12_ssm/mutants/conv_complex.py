# must-fail: test_causal_conv_fft_matches_direct
# why: the complex FFT without taking the real part: the result is a complex tensor
def causal_conv_fft(u, K):
    L = u.shape[-1]
    return torch.fft.ifft(torch.fft.fft(u, n=2 * L) * torch.fft.fft(K, n=2 * L), n=2 * L)[..., :L]
