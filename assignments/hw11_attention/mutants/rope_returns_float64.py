# must-fail: test_modules_dtypes_shapes_inputs_untouched
# why: forgets to cast the float64 cos/sin tables back to x's dtype, so float32 inputs come back as float64
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions).to(torch.float64)[..., None] * freqs
    cos, sin = torch.cos(angles), torch.sin(angles)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
