# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_density_coverage_same_distribution, test_density_coverage_values, test_float32_and_float64, test_inputs_untouched, test_knn_radii_duplicate_rows, test_knn_radii_k1_positive_on_distinct_points, test_knn_radii_values, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside, test_precision_recall_far_shifted, test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values, test_public_knn_precision_recall
# why: the radii are returned as a column of shape (n, 1) (keepdims) instead of a vector of shape (n,).
def knn_radii(x, k):
    x64 = np.asarray(x, dtype=np.float64)
    d2 = ((x64[:, None, :] - x64[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d2, np.inf)
    r = np.sqrt(np.partition(d2, k - 1, axis=1)[:, k - 1 : k])
    return r.astype(np.asarray(x).dtype)
