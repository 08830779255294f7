# must-fail: test_float32_and_float64, test_gmm_score_far_from_modes
# why: computed in float64 for stability and returned as float64: float32 inputs do not get float32 scores
def gmm_score(x, weights, means, stds):
    x, weights, means, stds = x.double(), weights.double(), means.double(), stds.double()
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = torch.log(weights) - x.shape[1] * torch.log(stds) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.softmax(logits, dim=1)
    return -(resp[:, :, None] * diff / var[None, :, None]).sum(1)
