# must-fail: test_alpha_bar_from_betas_is_cumulative_product, test_float32_and_float64
# why: the product is computed and returned in float64 whatever the dtype of betas
def alpha_bar_from_betas(betas):
    return torch.cumprod(1 - betas.to(torch.float64), dim=0)
