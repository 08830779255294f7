# must-fail: test_kl_matches_torch_distributions
# why: a prior of shape (dz,) is read as one value per data point (a column (dz, 1)) instead of being shared by the batch.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    if mu_p.dim() == 1:
        mu_p, logvar_p = mu_p[:, None], logvar_p[:, None]
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1).sum(-1)
