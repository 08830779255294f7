# must-fail: test_rope_matches_interleaved_formula
# why: builds the angle table in float32 (torch's default dtype): about 1e-5 off at position 100, which float64 inputs notice
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float32) / d)
    angles = torch.as_tensor(positions).to(torch.float32)[..., None] * freqs
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
