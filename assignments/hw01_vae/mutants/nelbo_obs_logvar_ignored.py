# must-fail: test_negative_elbo_value, test_negative_elbo_tight_on_ppca, test_elbo_below_log_likelihood_for_other_encoders
# why: the decoder's variance is ignored (always N(decoder(z), I)).
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z)).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
