# must-fail: test_gmm_score_equals_autograd, test_gmm_score_single_component, test_public_gmm_score_single_component
# why: component score -(x - mu) / sigma instead of -(x - mu) / sigma^2
def gmm_score(x, weights, means, stds):
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = torch.log(weights) - x.shape[1] * torch.log(stds) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.softmax(logits, dim=1)
    return -(resp[:, :, None] * diff / stds[None, :, None]).sum(1)
