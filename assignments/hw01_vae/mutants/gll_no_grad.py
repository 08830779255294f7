# must-fail: test_kl_likelihoods_log_mean_exp_differentiable, test_negative_elbo_backpropagates
# why: computed under torch.no_grad(): right values, but the reconstruction term sends no gradient to the decoder.
def gaussian_log_likelihood(x, mean, logvar=0.0):
    with torch.no_grad():
        logvar = torch.as_tensor(logvar, dtype=x.dtype)
        per = -0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
        return per.expand(x.shape).reshape(x.shape[0], -1).sum(1)
