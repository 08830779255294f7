# must-fail: test_negative_elbo_value
# why: z is flattened sample-major (s * B + b) but x is tiled point-major (b * S + s): samples meet the wrong data points.
def negative_elbo(x, encoder, decoder, eps, obs_logvar=0.0):
    mu, logvar = encoder(x)
    s, b = eps.shape[0], x.shape[0]
    z = reparameterize(mu, logvar, eps).reshape(s * b, -1)
    x_rep = x.repeat_interleave(s, dim=0)
    rec = -gaussian_log_likelihood(x_rep, decoder(z), obs_logvar).mean()
    kl = kl_diag_gaussians(mu, logvar).mean()
    return rec + kl, rec, kl
