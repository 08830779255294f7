# must-fail: test_loglik_far_points_finite
# why: sums the densities and then takes the log: the densities underflow to 0 far from the means and the log is -inf.
def gmm_log_likelihood(x, weights, means, covs):
    with np.errstate(all="ignore"):
        dens = np.asarray(weights, dtype=np.float64)[None, :] * np.exp(_log_gaussians(x, means, covs))
        return float(np.log(dens.sum(axis=1)).sum())
