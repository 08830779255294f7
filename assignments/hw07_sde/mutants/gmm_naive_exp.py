# must-fail: test_gmm_score_far_from_modes
# why: responsibilities as w_k N_k / sum_j w_j N_j with exp: every density underflows far from the modes (0/0 = NaN)
def gmm_score(x, weights, means, stds):
    var = stds * stds
    d = x.shape[1]
    diff = x[:, None, :] - means[None, :, :]
    dens = weights * torch.exp(-0.5 * (diff * diff).sum(-1) / var) / (2 * math.pi * var) ** (d / 2)
    resp = dens / dens.sum(1, keepdim=True)
    return -(resp[:, :, None] * diff / var[None, :, None]).sum(1)
