# must-fail: test_negative_elbo_value, test_negative_elbo_tight_on_ppca
# why: uses only eps[0] (assumes S = 1) and ignores the other Monte-Carlo samples.
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    z = reparameterize(mu, logvar, eps[0])
    rec = -gaussian_log_likelihood(x, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
