# must-fail: test_fid_from_features_matches_trusted, test_fid_one_dimensional_uses_sample_std
# why: with one feature np.cov(f, rowvar=False) is a 0-d array; it is passed on as it is (not kept a (1, 1) matrix) to a Fréchet distance that needs (d, d) matrices.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1 = np.asarray(mu1, dtype=np.float64)
    mu2 = np.asarray(mu2, dtype=np.float64)
    s1 = np.asarray(sigma1, dtype=np.float64)
    s2 = np.asarray(sigma2, dtype=np.float64)
    w, v = np.linalg.eigh((s1 + s1.T) / 2)
    s1_half = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    m = s1_half @ s2 @ s1_half
    lam = np.linalg.eigvalsh((m + m.T) / 2)
    tr_covmean = np.sqrt(np.clip(lam, 0.0, None)).sum()
    diff = mu1 - mu2
    return max(float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr_covmean), 0.0)


def fid_from_features(f1, f2):
    f1 = np.asarray(f1, dtype=np.float64)
    f2 = np.asarray(f2, dtype=np.float64)
    return frechet_distance(f1.mean(axis=0), np.cov(f1, rowvar=False), f2.mean(axis=0), np.cov(f2, rowvar=False))
