# must-fail: test_cfg_combine_linear_in_w
# why: combines in float64 and forgets to cast back: float32 inputs give a float64 result
def cfg_combine(pred_cond, pred_uncond, w):
    c, u = pred_cond.to(torch.float64), pred_uncond.to(torch.float64)
    return u + w * (c - u)
