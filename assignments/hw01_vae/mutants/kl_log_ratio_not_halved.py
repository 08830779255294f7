# must-fail: test_kl_matches_torch_distributions, test_kl_direction, test_public_kl_standard_normal
# why: log(sigma_p / sigma_q) written as logvar_p - logvar_q (the 1/2 of sigma = exp(logvar / 2) is missing there).
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    return ((logvar_p - logvar_q) + 0.5 * ((logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1)).sum(-1)
