# must-fail: test_sinusoidal_values_and_range
# why: returns the float64 table without the float32 cast the notebook asks for
def sinusoidal_positional_encoding(L, d):
    p = torch.arange(L, dtype=torch.float64)[:, None]
    angles = p / 10000.0 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    pe = torch.empty(L, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe
