# must-fail: test_batch_equals_feature_dim, test_fd_eps_only_for_a_failing_root, test_fd_non_commuting_matches_scipy_sqrtm, test_fd_nonnegative_symmetric_zero_for_identical, test_fd_rank_deficient_is_finite_and_right, test_fd_translation_invariant, test_fid_from_features_matches_trusted, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance
# why: tr(S1^{1/2} S2^{1/2}) instead of tr((S1^{1/2} S2 S1^{1/2})^{1/2}): right only when the covariances commute.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, dtype=np.float64)), np.atleast_1d(np.asarray(mu2, dtype=np.float64))
    s1, s2 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)), np.atleast_2d(np.asarray(sigma2, dtype=np.float64))

    def root(s):
        w, v = np.linalg.eigh(s)
        return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T

    diff = mu1 - mu2
    return max(float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(root(s1) @ root(s2))), 0.0)
