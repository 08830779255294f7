# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_float32_and_float64, test_inputs_untouched, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside, test_precision_recall_far_shifted, test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values
# why: recall also uses the real balls (the fraction of real balls that contain a fake point: coverage) instead of real points inside the fake manifold, so swapping the sets does not swap the two numbers.
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    radii = knn_radii(real, k).astype(np.float64)
    d = np.sqrt(((fake[:, None, :] - real[None, :, :]) ** 2).sum(-1))  # (m, n)
    inside = d <= radii[None, :]
    return float(inside.any(axis=1).mean()), float(inside.any(axis=0).mean())
