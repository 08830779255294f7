# must-fail: test_gmm_score_equals_autograd
# why: the log-weights are left out of the logits: every component counts equally
def gmm_score(x, weights, means, stds):
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = -x.shape[1] * torch.log(stds) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.softmax(logits, dim=1)
    return -(resp[:, :, None] * diff / var[None, :, None]).sum(1)
