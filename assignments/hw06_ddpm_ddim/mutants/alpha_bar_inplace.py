# must-fail: test_inputs_untouched
# why: right values, but betas is turned into 1 - betas in place (the caller's schedule is destroyed)
def alpha_bar_from_betas(betas):
    alphas = betas.neg_().add_(1)
    return torch.cumprod(alphas, dim=0)
