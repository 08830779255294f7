# must-fail: test_q_sample_matches_closed_form
# why: alpha_bar[t] reshaped to (B, 1) only: right for vectors (B, D), broadcasts wrongly on images (B, C, H, W)
def q_sample(x0, t, eps, alpha_bar):
    ab = alpha_bar[t].to(torch.float64)[:, None]
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * eps
