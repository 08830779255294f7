# must-fail: test_float32_and_float64
# why: the log-weights are cast to float64: float32 inputs give a float64 bound.
def iwae_bound(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    k, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(k * b, -1)
    x_rep = x.repeat(k, 1)
    log_w = (gaussian_log_likelihood(x_rep, decoder(z), obs_logvar) + gaussian_log_likelihood(z, torch.zeros_like(z))
             - gaussian_log_likelihood(z, mu.repeat(k, 1), logvar.repeat(k, 1)))
    return log_mean_exp(log_w.reshape(k, b).double(), dim=0)
