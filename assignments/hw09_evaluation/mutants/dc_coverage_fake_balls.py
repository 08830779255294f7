# must-fail: test_batch_equals_feature_dim, test_default_arguments, test_density_coverage_values, test_float32_and_float64, test_inputs_untouched, test_numbers_computed_in_float64, test_permutation_invariance, test_precision_recall_boundary_is_inside
# why: coverage uses balls around the fake points (it becomes recall), instead of real balls containing a fake point.
def density_coverage(real, fake, k=5):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    radii = knn_radii(real, k).astype(np.float64)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))
    inside = d <= radii[:, None]
    fake_radii = knn_radii(fake, k).astype(np.float64)
    coverage = (d <= fake_radii[None, :]).any(axis=1).mean()
    return float(inside.sum() / (k * fake.shape[0])), float(coverage)
