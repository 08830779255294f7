# must-fail: test_sinusoidal_values_and_range, test_public_sinusoidal_first_rows
# why: positions 1..L instead of 0..L-1
def sinusoidal_positional_encoding(L, d):
    p = torch.arange(1, L + 1, dtype=torch.float64)[:, None]
    angles = p / 10000.0 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    pe = torch.empty(L, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe.to(torch.float32)
