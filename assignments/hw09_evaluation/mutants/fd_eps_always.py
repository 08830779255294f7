# must-fail: test_batch_equals_feature_dim, test_fd_eps_only_for_a_failing_root, test_fd_isotropic_and_diagonal_closed_form, test_fd_non_commuting_matches_scipy_sqrtm, test_fd_nonnegative_symmetric_zero_for_identical, test_fd_one_dimensional_closed_form, test_fd_translation_invariant, test_fid_from_features_matches_trusted, test_fid_one_dimensional_uses_sample_std, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_frechet_closed_forms
# why: eps * I is always added to both covariances, even when the square root is finite: the distance of non-singular covariances moves by what eps changes.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1 = np.atleast_1d(np.asarray(mu1, dtype=np.float64))
    mu2 = np.atleast_1d(np.asarray(mu2, dtype=np.float64))
    s1 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)) + eps * np.eye(len(mu1))
    s2 = np.atleast_2d(np.asarray(sigma2, dtype=np.float64)) + eps * np.eye(len(mu1))
    w, v = np.linalg.eigh((s1 + s1.T) / 2)
    s1_half = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    m = s1_half @ s2 @ s1_half
    lam = np.linalg.eigvalsh((m + m.T) / 2)
    tr_covmean = np.sqrt(np.clip(lam, 0.0, None)).sum()
    diff = mu1 - mu2
    fd = diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr_covmean
    return max(float(fd), 0.0)
