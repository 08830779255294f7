# must-fail: test_alpha_bar_from_betas_is_cumulative_product, test_public_linear_schedule
# why: cumulative product shifted by one step: alpha_bar[t] = prod_{s < t} (1 - beta_s), so alpha_bar[1] = 1
def alpha_bar_from_betas(betas):
    return torch.cat([torch.ones(1, dtype=betas.dtype), torch.cumprod(1 - betas, dim=0)[:-1]])
