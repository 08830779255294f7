# must-fail: test_reparameterize_value
# why: with eps (S, B, dz), mu and sigma are given a new axis 1 instead of 0: z[s, b] = mu[s] + sigma[s] eps[s, b] when S = B (a shape error otherwise).
def reparameterize(mu, logvar, eps):
    if eps.dim() == 3:
        mu, logvar = mu[:, None], logvar[:, None]
    return mu + torch.exp(0.5 * logvar) * eps
