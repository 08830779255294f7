# must-fail: test_default_arguments
# why: the default number of neighbours is k = 3 (precision_recall's) instead of density_coverage's k = 5.
def density_coverage(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    radii = knn_radii(real, k).astype(np.float64)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))
    inside = d <= radii[:, None]
    return float(inside.sum() / (k * fake.shape[0])), float(inside.any(axis=1).mean())
