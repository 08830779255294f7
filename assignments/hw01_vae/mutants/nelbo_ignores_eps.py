# must-fail: test_negative_elbo_value, test_no_global_rng
# why: draws its own noise with torch.randn instead of using the eps it is given.
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, torch.randn(eps.shape, dtype=x.dtype)).reshape(s * b, -1)
    x_rep = x.repeat(s, 1)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
