# must-fail: test_kl_default_prior
# why: falls back to N(0, I) as soon as one prior parameter is missing, ignoring the one that was given.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    if mu_p is None or logvar_p is None:
        return 0.5 * (logvar_q.exp() + mu_q**2 - 1 - logvar_q).sum(-1)
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1).sum(-1)
