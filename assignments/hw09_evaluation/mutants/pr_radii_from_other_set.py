# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside, test_precision_recall_far_shifted, test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values, test_public_knn_precision_recall
# why: the radius of a support point is its k-th nearest neighbour among the OTHER set instead of among its own set: for sets far apart every ball reaches the other set, so precision and recall are 1, not 0.
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))  # (points, support)
        radii = np.sort(d, axis=0)[min(k, len(points)) - 1]
        return float((d <= radii[None, :]).any(axis=1).mean())

    return inside(fake, real), inside(real, fake)
