# must-fail: test_causal_conv_fft_matches_direct
# why: the whole padded result (2L,) is returned instead of its first L entries
def causal_conv_fft(u, K):
    L = u.shape[-1]
    return torch.fft.irfft(torch.fft.rfft(u, n=2 * L) * torch.fft.rfft(K, n=2 * L), n=2 * L).to(u.dtype)
