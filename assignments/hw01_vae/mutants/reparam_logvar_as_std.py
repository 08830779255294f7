# must-fail: test_reparameterize_value, test_reparameterize_gradients, test_public_reparameterize
# why: logvar used as the standard deviation itself: z = mu + logvar * eps.
def reparameterize(mu, logvar, eps):
    return mu + logvar * eps
