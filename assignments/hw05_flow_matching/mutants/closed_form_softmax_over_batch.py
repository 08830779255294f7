# must-fail: test_closed_form_matches_formula, test_closed_form_single_point, test_closed_form_memorises_training_points
# why: the softmax runs over the batch axis (the rows of x) instead of over the training points.
def closed_form_velocity(x, t, data):
    t = float(t)
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2).sum(-1) / (2 * (1 - t) ** 2)  # (B, N)
    w = torch.softmax(logits, dim=0)
    return (w @ data - x) / (1 - t)
