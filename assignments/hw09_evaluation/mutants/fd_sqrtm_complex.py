# must-fail: test_batch_equals_feature_dim, test_fd_rank_deficient_is_finite_and_right, test_fid_from_features_matches_trusted, test_float32_and_float64, test_numbers_computed_in_float64, test_permutation_invariance
# why: scipy.linalg.sqrtm(S1 S2) can come back complex (tiny imaginary parts, singular covariances); its trace is returned without taking the real part.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, dtype=np.float64)), np.atleast_1d(np.asarray(mu2, dtype=np.float64))
    s1, s2 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)), np.atleast_2d(np.asarray(sigma2, dtype=np.float64))
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    diff = mu1 - mu2
    fd = diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)
    return fd if np.iscomplexobj(fd) else float(fd)
