# must-fail: test_closed_form_matches_formula, test_closed_form_memorises_training_points, test_closed_form_stable_far_and_near_one, test_float32_and_float64, test_batch_equals_feature_dim
# why: a separate softmax over the training points for every coordinate (the posterior is factorised over coordinates); right only in 1-D.
def closed_form_velocity(x, t, data):
    t = float(t)
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2) / (2 * (1 - t) ** 2)  # (B, N, D)
    w = torch.softmax(logits, dim=1)
    return ((w * data[None]).sum(1) - x) / (1 - t)
