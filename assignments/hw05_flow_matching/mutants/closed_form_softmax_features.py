# must-fail: test_closed_form_matches_formula, test_closed_form_memorises_training_points, test_closed_form_single_point, test_closed_form_stable_far_and_near_one, test_closed_form_translation_equivariant, test_float32_and_float64, test_batch_equals_feature_dim
# why: per-coordinate logits normalised with a softmax over the feature axis instead of over the training points.
def closed_form_velocity(x, t, data):
    t = float(t)
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2) / (2 * (1 - t) ** 2)  # (B, N, D)
    w = torch.softmax(logits, dim=-1)
    return ((w * data[None]).sum(1) - x) / (1 - t)
