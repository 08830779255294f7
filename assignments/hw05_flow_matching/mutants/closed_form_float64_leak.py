# must-fail: test_float32_and_float64
# why: computes in float64 for accuracy but forgets to cast back: float32 inputs give a float64 result.
def closed_form_velocity(x, t, data):
    t = float(t)
    x, data = x.double(), data.double()
    logits = -((x[:, None, :] - t * data[None, :, :]) ** 2).sum(-1) / (2 * (1 - t) ** 2)
    w = torch.softmax(logits, dim=1)
    return (w @ data - x) / (1 - t)
