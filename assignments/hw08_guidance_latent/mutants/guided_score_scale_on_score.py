# must-fail: test_guidance_identity_two_gaussians, test_classifier_guided_score_values
# why: the scale multiplies the unconditional score instead of the classifier gradient
def classifier_guided_score(score_uncond, grad_log_p_y_given_x, s):
    return s * score_uncond + grad_log_p_y_given_x
