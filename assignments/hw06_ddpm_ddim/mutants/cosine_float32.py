# must-fail: test_cosine_alpha_bar_properties
# why: the schedule is computed in torch's default dtype (float32), not float64
def cosine_alpha_bar(T, s=0.008, max_beta=0.999):
    steps = torch.arange(T + 1) / T
    f = torch.cos((steps + s) / (1 + s) * math.pi / 2) ** 2
    betas = torch.clamp(1 - f[1:] / f[:-1], max=max_beta)
    return torch.cat([torch.ones(1), torch.cumprod(1 - betas, dim=0)])
