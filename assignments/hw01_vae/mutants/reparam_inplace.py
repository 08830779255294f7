# must-fail: test_inputs_untouched
# why: right values, but the caller's eps is overwritten in place by the sample.
def reparameterize(mu, logvar, eps):
    return eps.mul_(torch.exp(0.5 * logvar)).add_(mu)
