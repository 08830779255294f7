# must-fail: test_knn_radii_duplicate_rows, test_knn_radii_values, test_precision_recall_boundary_is_inside
# why: every zero distance is taken for the point itself and left out (d[d == 0] = inf instead of the diagonal only): a duplicate row no longer counts as a neighbour at distance 0.
def knn_radii(x, k):
    x64 = np.asarray(x, dtype=np.float64)
    d2 = ((x64[:, None, :] - x64[None, :, :]) ** 2).sum(-1)
    d2[d2 == 0] = np.inf
    r = np.sqrt(np.partition(d2, k - 1, axis=1)[:, k - 1])
    return r.astype(np.asarray(x).dtype)
