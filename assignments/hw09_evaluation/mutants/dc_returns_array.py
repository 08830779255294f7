# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_density_coverage_same_distribution, test_density_coverage_values, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside
# why: density and coverage come back as one NumPy array of shape (2,) instead of a pair of two floats.
def density_coverage(real, fake, k=5):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    radii = knn_radii(real, k).astype(np.float64)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))
    inside = d <= radii[:, None]
    return np.array([inside.sum() / (k * fake.shape[0]), inside.any(axis=1).mean()])
