# must-fail: test_negative_elbo_value
# why: the KL term is estimated by Monte Carlo, mean_s [log q(z_s|x) - log p(z_s)], instead of in closed form.
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    log_q = gaussian_log_likelihood(z, mu.repeat(s, 1), logvar.repeat(s, 1))
    log_p = gaussian_log_likelihood(z, torch.zeros_like(z))
    kl = (log_q - log_p).mean()
    return rec + kl, rec, kl
