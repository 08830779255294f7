# must-fail: test_batch_equals_feature_dim, test_fd_rank_deficient_is_finite_and_right, test_fid_from_features_matches_trusted, test_float32_and_float64, test_numbers_computed_in_float64, test_permutation_invariance
# why: square roots of eigenvalues taken without clipping the round-off negatives of singular covariances: NaN.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, dtype=np.float64)), np.atleast_1d(np.asarray(mu2, dtype=np.float64))
    s1, s2 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)), np.atleast_2d(np.asarray(sigma2, dtype=np.float64))
    w, v = np.linalg.eigh(s1)
    h = (v * np.sqrt(w)) @ v.T
    lam = np.linalg.eigvalsh(h @ s2 @ h)
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(lam).sum())
