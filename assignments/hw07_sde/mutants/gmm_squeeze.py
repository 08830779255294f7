# must-fail: test_gmm_score_equals_autograd, test_gmm_score_single_component
# why: the responsibilities are squeezed: with one sample (B = 1) or one component (K = 1) their axes collapse and the score is wrong or fails
def gmm_score(x, weights, means, stds):
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = torch.log(weights) - x.shape[1] * torch.log(stds) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.softmax(logits, dim=1).squeeze()
    return -(resp[..., None] * diff / var[None, :, None]).sum(1)
