# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside, test_precision_recall_far_shifted, test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values
# why: the number of points inside the manifold is divided by the size of the set that spans the manifold (|R| for precision, |F| for recall) instead of the size of the set being counted: right only when the two sets have equal sizes.
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        radii = knn_radii(support, k).astype(np.float64)
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))
        return float((d <= radii[None, :]).any(axis=1).sum() / len(support))

    return inside(fake, real), inside(real, fake)
