# must-fail: test_resp_far_points
# why: computes the weighted densities with exp and normalises them: 0 / 0 = nan for points far from every mean.
def e_step(x, weights, means, covs):
    with np.errstate(all="ignore"):
        dens = np.asarray(weights, dtype=np.float64)[None, :] * np.exp(_log_gaussians(x, means, covs))
        return dens / dens.sum(axis=1, keepdims=True)
