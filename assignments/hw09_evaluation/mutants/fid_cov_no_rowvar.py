# must-fail: test_batch_equals_feature_dim, test_fid_from_features_matches_trusted, test_fid_one_dimensional_uses_sample_std, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: np.cov(f) without rowvar=False treats rows as variables: an (n, n) "covariance" over the samples.
def fid_from_features(f1, f2):
    f1 = np.asarray(f1, dtype=np.float64)
    f2 = np.asarray(f2, dtype=np.float64)
    mu1, mu2 = f1.mean(axis=0), f2.mean(axis=0)
    s1 = np.atleast_2d(np.cov(f1))
    s2 = np.atleast_2d(np.cov(f2))
    return frechet_distance(mu1, s1, mu2, s2)
