# must-fail: test_ot_pairing_cost_is_minimal, test_float32_and_float64, test_batch_equals_feature_dim, test_ot_pairing_never_worse, test_ot_pairing_1d_is_sorted_matching
# why: minimises the sum of distances ||x0_i - x1_j|| instead of squared distances.
def ot_pairing(x0, x1):
    cost = torch.cdist(x0, x1)
    rows, cols = linear_sum_assignment(cost.detach().numpy())
    return torch.as_tensor(cols, dtype=torch.long)
