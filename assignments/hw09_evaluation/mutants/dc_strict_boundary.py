# must-fail: test_precision_recall_boundary_is_inside
# why: density and coverage use open balls (distance < radius): a fake point exactly on a real k-NN sphere is counted as outside.
def density_coverage(real, fake, k=5):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)
    radii = knn_radii(real, k).astype(np.float64)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))
    inside = d < radii[:, None]
    return float(inside.sum() / (k * fake.shape[0])), float(inside.any(axis=1).mean())
