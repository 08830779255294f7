# must-fail: test_batch_equals_feature_dim, test_fd_eps_only_for_a_failing_root, test_fd_isotropic_and_diagonal_closed_form, test_fd_non_commuting_matches_scipy_sqrtm, test_fd_nonnegative_symmetric_zero_for_identical, test_fd_one_dimensional_closed_form, test_fd_rank_deficient_is_finite_and_right, test_fd_translation_invariant, test_fid_from_features_matches_trusted, test_fid_one_dimensional_uses_sample_std, test_float32_and_float64, test_inputs_untouched, test_no_global_rng, test_numbers_computed_in_float64, test_permutation_invariance, test_public_frechet_closed_forms
# why: the cross term is subtracted once: tr(S1 + S2 - (S1^{1/2} S2 S1^{1/2})^{1/2}).
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, dtype=np.float64)), np.atleast_1d(np.asarray(mu2, dtype=np.float64))
    s1, s2 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)), np.atleast_2d(np.asarray(sigma2, dtype=np.float64))
    w, v = np.linalg.eigh(s1)
    h = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    lam = np.linalg.eigvalsh(h @ s2 @ h)
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - np.sqrt(np.clip(lam, 0.0, None)).sum())
