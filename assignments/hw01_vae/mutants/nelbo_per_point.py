# must-fail: test_negative_elbo_value
# why: returns one value per data point, shape (B,), instead of the batch means (0-dim tensors).
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).reshape(s, b).mean(0)
    kl = kl_diag_gaussians(mu, logvar)
    return rec + kl, rec, kl
