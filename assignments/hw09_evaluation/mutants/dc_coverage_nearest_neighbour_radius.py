# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_density_coverage_same_distribution, test_density_coverage_values, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside
# why: coverage uses the nearest-neighbour radius (k = 1) of each real point instead of its k-NN radius: on same-distribution samples it averages about 1/2, not 1 - C(n-1, k) / C(n+m-1, k).
def density_coverage(real, fake, k=5):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))
    inside = d <= knn_radii(real, k).astype(np.float64)[:, None]
    inside1 = d <= knn_radii(real, 1).astype(np.float64)[:, None]
    return float(inside.sum() / (k * fake.shape[0])), float(inside1.any(axis=1).mean())
