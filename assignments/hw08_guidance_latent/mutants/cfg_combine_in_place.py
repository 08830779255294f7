# must-fail: test_inputs_untouched
# why: accumulates into pred_uncond in place (right value, the caller's unconditional prediction is destroyed)
def cfg_combine(pred_cond, pred_uncond, w):
    return pred_uncond.add_(w * (pred_cond - pred_uncond))
