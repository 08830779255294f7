# must-fail: test_causal_conv_fft_dtype_of_u
# why: no cast: with a float32 u and a float64 K the result is float64 (type promotion), not the dtype of u
def causal_conv_fft(u, K):
    L = u.shape[-1]
    return torch.fft.irfft(torch.fft.rfft(u, n=2 * L) * torch.fft.rfft(K, n=2 * L), n=2 * L)[..., :L]
