# must-fail: test_precision_recall_identical_sets, test_precision_recall_swap_symmetry, test_precision_recall_values
# why: "a point is not its own neighbour" applied to the distances between the two sets too: when they have the same size, the pair (fake_i, real_i) is left out, so a fake point equal to real_i does not count as inside ball i.
def precision_recall(real, fake, k=3):
    real = np.asarray(real, dtype=np.float64)
    fake = np.asarray(fake, dtype=np.float64)

    def inside(points, support):
        radii = knn_radii(support, k).astype(np.float64)
        d = np.sqrt(((points[:, None, :] - support[None, :, :]) ** 2).sum(-1))
        if d.shape[0] == d.shape[1]:
            np.fill_diagonal(d, np.inf)
        return float((d <= radii[None, :]).any(axis=1).mean())

    return inside(fake, real), inside(real, fake)
