# must-fail: test_rope_scores_depend_on_relative_position
# why: angle theta_i ** m instead of m * theta_i: still a rotation, but scores no longer depend on n - m only
def rope(x, positions, theta=10000.0):
    d = x.shape[-1]
    freqs = float(theta) ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = freqs ** torch.as_tensor(positions).to(torch.float64)[..., None]
    cos, sin = torch.cos(angles).to(x.dtype), torch.sin(angles).to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * cos - b * sin, a * sin + b * cos], dim=-1).flatten(-2)
