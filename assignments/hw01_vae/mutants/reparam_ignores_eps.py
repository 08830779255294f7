# must-fail: test_reparameterize_value, test_no_global_rng, test_negative_elbo_value, test_iwae_value
# why: ignores the eps it is given and draws fresh noise from the global RNG.
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * torch.randn(eps.shape, dtype=mu.dtype)
