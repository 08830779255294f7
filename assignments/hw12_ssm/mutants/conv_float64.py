# must-fail: test_float32_and_float64, test_causal_conv_fft_dtype_of_u
# why: computed in float64 and not cast back: a float32 u gives a float64 result
def causal_conv_fft(u, K):
    L = u.shape[-1]
    spec = torch.fft.rfft(u.double(), n=2 * L) * torch.fft.rfft(K.double(), n=2 * L)
    return torch.fft.irfft(spec, n=2 * L)[..., :L]
