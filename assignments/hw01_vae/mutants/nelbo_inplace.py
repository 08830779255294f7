# must-fail: test_inputs_untouched
# why: right values, but the samples are written into the caller's eps (eps.mul_(sigma).add_(mu)).
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = eps.mul_(torch.exp(0.5 * logvar)).add_(mu).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
