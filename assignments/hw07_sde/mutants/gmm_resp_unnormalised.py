# must-fail: test_gmm_score_equals_autograd
# why: exp(logits - max logit) without dividing by its sum: stable, but the responsibilities do not sum to one
def gmm_score(x, weights, means, stds):
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = torch.log(weights) - x.shape[1] * torch.log(stds) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    return -(resp[:, :, None] * diff / var[None, :, None]).sum(1)
