# must-fail: test_inputs_untouched
# why: right values, but the samples are written into the caller's eps (eps.mul_(sigma).add_(mu)).
def iwae_bound(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    k, b = eps.shape[0], x.shape[0]
    z = eps.mul_(torch.exp(0.5 * logvar)).add_(mu).reshape(k * b, -1)
    x_rep = x.repeat(k, 1)
    log_w = (gaussian_log_likelihood(x_rep, decoder(z), obs_logvar) + gaussian_log_likelihood(z, torch.zeros_like(z))
             - gaussian_log_likelihood(z, mu.repeat(k, 1), logvar.repeat(k, 1)))
    return log_mean_exp(log_w.reshape(k, b), dim=0)
