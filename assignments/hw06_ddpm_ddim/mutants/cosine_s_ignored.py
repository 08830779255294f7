# must-fail: test_cosine_alpha_bar_properties
# why: the offset is always 0.008, whatever s is passed
def cosine_alpha_bar(T, s=0.008, max_beta=0.999):
    steps = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((steps / T + 0.008) / (1 + 0.008) * math.pi / 2) ** 2
    betas = torch.clamp(1 - f[1:] / f[:-1], max=max_beta)
    return torch.cat([torch.ones(1, dtype=torch.float64), torch.cumprod(1 - betas, dim=0)])
