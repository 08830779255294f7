# must-fail: test_default_arguments
# why: the default number of neighbours is k = 5 (density/coverage's) instead of precision_recall's k = 3.
def precision_recall(real, fake, k=5):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        radii = knn_radii(support, k).astype(np.float64)
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))
        return float((d <= radii[None, :]).any(axis=1).mean())

    return inside(fake, real), inside(real, fake)
