# must-fail: test_rope_norms_and_position_zero
# why: the default base is 1000 instead of theta = 10000
def rope(x, positions, theta=1000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions).to(torch.float64)[..., None] * freqs
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
