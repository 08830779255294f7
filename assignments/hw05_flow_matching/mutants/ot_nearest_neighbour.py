# must-fail: test_ot_pairing_is_permutation
# why: each x0 takes its nearest x1 (argmin per row): cheap, but several x0 share one x1, so it is not a permutation.
def ot_pairing(x0, x1):
    cost = ((x0[:, None, :] - x1[None, :, :]) ** 2).sum(-1)
    return torch.argmin(cost, dim=1)
