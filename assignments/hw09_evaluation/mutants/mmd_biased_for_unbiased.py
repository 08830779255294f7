# must-fail: test_batch_equals_feature_dim, test_float32_and_float64, test_inputs_untouched, test_mmd2_unbiased_mean_zero_on_same_distribution, test_mmd2_unbiased_shift_and_symmetry, test_mmd2_unbiased_values, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: mmd2_unbiased returns the biased V-statistic (all pairs averaged, diagonals included).
def mmd2_unbiased(x, y):
    return mmd2_biased(x, y)
