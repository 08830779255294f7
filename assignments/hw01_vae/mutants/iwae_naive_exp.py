# must-fail: test_iwae_stable_far_from_decoder
# why: averages exp(log_w) directly: every weight underflows to 0 far from the decoder's mean and the bound is -inf.
def iwae_bound(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    k, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(k * b, -1)
    x_rep = x.repeat(k, 1)
    log_w = (gaussian_log_likelihood(x_rep, decoder(z), obs_logvar) + gaussian_log_likelihood(z, torch.zeros_like(z))
             - gaussian_log_likelihood(z, mu.repeat(k, 1), logvar.repeat(k, 1)))
    return torch.log(torch.exp(log_w.reshape(k, b)).mean(0))
