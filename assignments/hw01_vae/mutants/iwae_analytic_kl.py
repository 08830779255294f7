# must-fail: test_iwae_value, test_iwae_exact_posterior
# why: log-mean-exp of the reconstruction terms minus the closed-form KL: not an importance weighted bound.
def iwae_bound(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    k, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(k * b, -1)
    x_rep = x.repeat(k, 1)
    log_px = gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).reshape(k, b)
    return log_mean_exp(log_px, dim=0) - kl_diag_gaussians(mu, logvar)
