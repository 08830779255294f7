# must-fail: test_float32_and_float64
# why: the three results are cast to float64: float32 inputs give float64 losses.
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean().double()
    kl = kl_diag_gaussians(mu, logvar).mean().double()
    return rec + kl, rec, kl
