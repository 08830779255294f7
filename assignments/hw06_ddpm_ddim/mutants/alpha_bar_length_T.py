# must-fail: test_alpha_bar_from_betas_is_cumulative_product, test_public_linear_schedule
# why: the t = 0 entry is dropped: alpha_bar has length T and alpha_bar[0] is 1 - beta_1, not 1
def alpha_bar_from_betas(betas):
    return torch.cumprod(1 - betas[1:], dim=0)
