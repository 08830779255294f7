# must-fail: test_float32_and_float64
# why: computes in float64 whatever the inputs: float32 inputs give a float64 sample.
def reparameterize(mu, logvar, eps):
    return mu.double() + torch.exp(0.5 * logvar.double()) * eps.double()
