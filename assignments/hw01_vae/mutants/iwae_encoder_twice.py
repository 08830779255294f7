# must-fail: test_encoder_called_once
# why: calls the encoder twice, once for mu and once for logvar: right values for a deterministic encoder, twice the cost.
def iwae_bound(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)[0], encoder(x)[1]
    k, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(k * b, -1)
    x_rep = x.repeat(k, 1)
    log_w = (gaussian_log_likelihood(x_rep, decoder(z), obs_logvar) + gaussian_log_likelihood(z, torch.zeros_like(z))
             - gaussian_log_likelihood(z, mu.repeat(k, 1), logvar.repeat(k, 1)))
    return log_mean_exp(log_w.reshape(k, b), dim=0)
