# must-fail: test_precision_recall_boundary_is_inside
# why: open balls (distance < radius): a point exactly on a k-NN sphere is counted as outside.
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        radii = knn_radii(support, k).astype(np.float64)
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))
        return float((d < radii[None, :]).any(axis=1).mean())

    return inside(fake, real), inside(real, fake)
