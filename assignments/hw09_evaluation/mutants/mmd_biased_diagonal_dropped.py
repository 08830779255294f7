# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_biased_nonnegative_zero_for_same_rows, test_mmd2_biased_values, test_mmd2_unbiased_mean_zero_on_same_distribution, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: mmd2_biased drops the diagonal terms (but keeps 1/m^2): it is neither estimate, and not 0 on identical sets.
def mmd2_biased(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d = x.shape[1]
    kxx = (x @ x.T / d + 1.0) ** 3
    kyy = (y @ y.T / d + 1.0) ** 3
    kxy = (x @ y.T / d + 1.0) ** 3
    return float((kxx.sum() - np.trace(kxx)) / x.shape[0] ** 2 + (kyy.sum() - np.trace(kyy)) / y.shape[0] ** 2 - 2.0 * kxy.mean())
