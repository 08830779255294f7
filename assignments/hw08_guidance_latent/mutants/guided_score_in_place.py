# must-fail: test_inputs_untouched
# why: adds the classifier term into score_uncond in place and returns it
def classifier_guided_score(score_uncond, grad_log_p_y_given_x, s):
    score_uncond += s * grad_log_p_y_given_x
    return score_uncond
