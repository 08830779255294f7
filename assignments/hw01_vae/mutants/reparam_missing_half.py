# must-fail: test_reparameterize_value, test_reparameterize_gradients, test_public_reparameterize, test_negative_elbo_tight_on_ppca
# why: exp(logvar) (the variance) used as the standard deviation: the factor 1/2 is missing.
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(logvar) * eps
