# must-fail: test_cosine_alpha_bar_properties
# why: the t = 0 entry is missing: shape (T,) and alpha_bar[0] = 1 - beta_1 instead of 1
def cosine_alpha_bar(T, s=0.008, max_beta=0.999):
    steps = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((steps / T + s) / (1 + s) * math.pi / 2) ** 2
    betas = torch.clamp(1 - f[1:] / f[:-1], max=max_beta)
    return torch.cumprod(1 - betas, dim=0)
