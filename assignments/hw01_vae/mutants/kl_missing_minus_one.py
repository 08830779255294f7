# must-fail: test_kl_nonnegative_zero_iff_equal, test_kl_matches_torch_distributions, test_public_kl_standard_normal
# why: the -1 per coordinate is missing: KL(q || q) = dz / 2 instead of 0.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp()).sum(-1)
