# must-fail: test_closed_form_stable_far_and_near_one, test_closed_form_single_point
# why: the weights are exp(logits) / sum exp(logits) without subtracting the max: 0 / 0 = nan far from the data and near t = 1.
def closed_form_velocity(x, t, data):
    t = float(t)
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2).sum(-1) / (2 * (1 - t) ** 2)
    e = torch.exp(logits)
    w = e / e.sum(1, keepdim=True)
    return (w @ data - x) / (1 - t)
