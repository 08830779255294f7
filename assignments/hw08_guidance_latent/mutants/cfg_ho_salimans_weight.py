# must-fail: test_cfg_combine_linear_in_w, test_public_cfg_combine_values, test_guidance_identity_two_gaussians, test_cfg_eps_w0_w1_identities
# why: Ho & Salimans' (1 + w) cond - w uncond with our w: w = 0 gives the conditional model, not the unconditional one
def cfg_combine(pred_cond, pred_uncond, w):
    return (1 + w) * pred_cond - w * pred_uncond
