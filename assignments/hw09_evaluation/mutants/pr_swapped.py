# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside, test_precision_recall_far_shifted, test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values
# why: precision and recall are returned in the wrong order (recall, precision).
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        radii = knn_radii(support, k).astype(np.float64)
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))
        return float((d <= radii[None, :]).any(axis=1).mean())

    return inside(real, fake), inside(fake, real)
