# must-fail: test_rope_matches_interleaved_formula
# why: assumes positions of shape (L,) and uses its first L entries for every sequence: positions (B, L), broadcastable to x.shape[:-1], get row 0's angles everywhere
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions).to(torch.float64).reshape(-1)[: x.shape[-2], None] * freqs
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
