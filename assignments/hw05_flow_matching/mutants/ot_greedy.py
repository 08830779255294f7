# must-fail: test_ot_pairing_never_worse, test_ot_pairing_cost_is_minimal, test_float32_and_float64, test_batch_equals_feature_dim, test_ot_pairing_1d_is_sorted_matching
# why: greedy matching: each x0 in turn takes its nearest unused x1 (a permutation, but not an optimal one).
def ot_pairing(x0, x1):
    cost = ((x0[:, None, :] - x1[None, :, :]) ** 2).sum(-1)
    used = torch.zeros(x1.shape[0], dtype=torch.bool)
    perm = torch.empty(x0.shape[0], dtype=torch.long)
    for i in range(x0.shape[0]):
        j = int(torch.argmin(cost[i].masked_fill(used, float("inf"))))
        perm[i], used[j] = j, True
    return perm
