# must-fail: test_kl_matches_torch_distributions, test_batch_equals_feature_dim
# why: sums over axis 0 (the batch) instead of the latent axis: shape (dz,), which looks right when B = dz.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1).sum(0)
