# must-fail: test_sinusoidal_values_and_range
# why: frequencies 10000^(-i/d) with the pair index i instead of 10000^(-2i/d)
def sinusoidal_positional_encoding(L, d):
    p = torch.arange(L, dtype=torch.float64)[:, None]
    angles = p / 10000.0 ** (torch.arange(d // 2, dtype=torch.float64) / d)
    pe = torch.empty(L, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe.to(torch.float32)
