# must-fail: test_gmm_score_equals_autograd
# why: the -D log sigma_k of the normalising constant is left out of the logits (wrong as soon as the widths differ)
def gmm_score(x, weights, means, stds):
    var = stds * stds
    diff = x[:, None, :] - means[None, :, :]
    logits = torch.log(weights) - 0.5 * (diff * diff).sum(-1) / var
    resp = torch.softmax(logits, dim=1)
    return -(resp[:, :, None] * diff / var[None, :, None]).sum(1)
