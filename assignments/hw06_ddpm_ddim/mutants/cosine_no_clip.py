# must-fail: test_cosine_alpha_bar_properties
# why: alpha_bar = f(t)/f(0) without clipping the betas: beta_T = 1 and alpha_bar_T ~ 1e-33 (sampling divides by it)
def cosine_alpha_bar(T, s=0.008, max_beta=0.999):
    steps = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((steps / T + s) / (1 + s) * math.pi / 2) ** 2
    return f / f[0]
