# must-fail: test_ot_pairing_is_permutation
# why: the optimal permutation is returned as an int32 tensor, not a LongTensor (int64).
def ot_pairing(x0, x1):
    cost = ((x0[:, None, :] - x1[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost.detach().cpu().numpy())
    perm = torch.empty(x0.shape[0], dtype=torch.int32)
    perm[torch.as_tensor(rows, dtype=torch.long)] = torch.as_tensor(cols, dtype=torch.int32)
    return perm
