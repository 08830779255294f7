# must-fail: test_inputs_untouched
# why: the mean difference is formed in place (diff = mu1; diff -= mu2): the caller's mu1 changes.
def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1
    diff -= mu2
    s1, s2 = np.atleast_2d(np.asarray(sigma1, dtype=np.float64)), np.atleast_2d(np.asarray(sigma2, dtype=np.float64))
    w, v = np.linalg.eigh(s1)
    h = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    lam = np.linalg.eigvalsh(h @ s2 @ h)
    diff = np.atleast_1d(np.asarray(diff, dtype=np.float64))
    return max(float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(lam, 0.0, None)).sum()), 0.0)
