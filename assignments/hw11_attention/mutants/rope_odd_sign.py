# must-fail: test_rope_norms_and_position_zero
# why: a sign slip in the second row (x_2i sin - x_2i+1 cos): not a rotation, so norms change and position 0 flips x_2i+1
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions).to(torch.float64)[..., None] * freqs
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin - b * cos], dim=-1).flatten(-2)
