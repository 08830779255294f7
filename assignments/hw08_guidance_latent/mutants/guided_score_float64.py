# must-fail: test_classifier_guided_score_values
# why: returns float64 for float32 inputs (the dtype of the inputs is not kept)
def classifier_guided_score(score_uncond, grad_log_p_y_given_x, s):
    return score_uncond.to(torch.float64) + s * grad_log_p_y_given_x.to(torch.float64)
