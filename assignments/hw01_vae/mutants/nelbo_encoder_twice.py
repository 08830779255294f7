# must-fail: test_encoder_called_once
# why: calls the encoder twice, once for mu and once for logvar: right values for a deterministic encoder, twice the cost (and two different posteriors with dropout).
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)[0], encoder(x)[1]
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
