# must-fail: test_ot_pairing_cost_is_minimal, test_ot_pairing_1d_is_sorted_matching, test_float32_and_float64, test_batch_equals_feature_dim, test_ot_pairing_never_worse
# why: solves the assignment on the transposed cost and returns its columns: the inverse permutation (x1[i] -> x0 index).
def ot_pairing(x0, x1):
    cost = ((x0[:, None, :] - x1[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost.T.detach().numpy())
    return torch.as_tensor(cols, dtype=torch.long)
