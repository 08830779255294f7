# must-fail: test_rope_matches_interleaved_formula
# why: theta_i = theta^(-i/d) with the pair index i instead of theta^(-2i/d)
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(d // 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions).to(torch.float64)[..., None] * freqs
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
