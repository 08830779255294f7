# must-fail: test_closed_form_single_point, test_closed_form_stable_far_and_near_one, test_float32_and_float64
# why: writes ||x - t x_i||^2 as t^2 ||x / t - x_i||^2: the same for t > 0, but NaN at t = 0, which is allowed (t in [0, 1)).
def closed_form_velocity(x, t, data):
    t = float(t)
    scaled = x / t  # inf at t = 0
    logits = -(t**2) * ((scaled[:, None, :] - data[None, :, :]) ** 2).sum(-1) / (2 * (1 - t) ** 2)
    w = torch.softmax(logits, dim=1)
    return (w @ data - x) / (1 - t)
