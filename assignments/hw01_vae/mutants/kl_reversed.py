# must-fail: test_kl_direction, test_kl_matches_torch_distributions, test_kl_matches_monte_carlo
# why: computes KL(p || q) (the roles of q and p swapped), which differs when the variances differ.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    return 0.5 * (logvar_q - logvar_p + (logvar_p.exp() + (mu_q - mu_p) ** 2) / logvar_q.exp() - 1).sum(-1)
