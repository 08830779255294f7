# must-fail: test_closed_form_matches_formula, test_closed_form_memorises_training_points, test_closed_form_stable_far_and_near_one, test_float32_and_float64, test_batch_equals_feature_dim
# why: the logits miss the 2 (1 - t)^2 factor: -||x - t x_i||^2 instead of -||x - t x_i||^2 / (2 (1 - t)^2).
def closed_form_velocity(x, t, data):
    t = float(t)
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2).sum(-1)
    w = torch.softmax(logits, dim=1)
    return (w @ data - x) / (1 - t)
