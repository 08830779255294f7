# must-fail: test_kl_likelihoods_log_mean_exp_differentiable
# why: computed under torch.no_grad(): right values, but the KL term sends no gradient to the encoder.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    with torch.no_grad():
        mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
        logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
        return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1).sum(-1)
