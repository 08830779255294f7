# must-fail: test_negative_elbo_value
# why: the default obs_logvar is 1 instead of 0: negative_elbo(x, encoder, decoder, eps) is not the ELBO of N(decoder(z), I).
def negative_elbo(x, encoder, decoder, eps, obs_logvar=1.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
