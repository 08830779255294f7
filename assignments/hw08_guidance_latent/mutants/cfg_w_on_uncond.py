# must-fail: test_cfg_combine_linear_in_w, test_public_cfg_combine_values, test_guidance_identity_two_gaussians, test_guidance_raises_conditional_likelihood
# why: the weight is put on the unconditional term: cond + w (uncond - cond)
def cfg_combine(pred_cond, pred_uncond, w):
    return pred_cond + w * (pred_uncond - pred_cond)
