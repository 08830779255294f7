# must-fail: test_kl_nonnegative_zero_iff_equal, test_kl_matches_torch_distributions
# why: the (mu_q - mu_p)^2 term is dropped: still >= 0 and 0 for q = p, but also 0 when only the means differ.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    return 0.5 * (logvar_p - logvar_q + logvar_q.exp() / logvar_p.exp() - 1).sum(-1)
