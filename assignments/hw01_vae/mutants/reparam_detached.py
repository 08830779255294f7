# must-fail: test_reparameterize_gradients, test_negative_elbo_backpropagates
# why: the sample is detached from mu and logvar: right values, but no gradient reaches the encoder.
def reparameterize(mu, logvar, eps):
    return (mu + torch.exp(0.5 * logvar) * eps).detach()
