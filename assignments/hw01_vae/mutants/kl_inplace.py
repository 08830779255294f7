# must-fail: test_inputs_untouched
# why: right values, but mu_q - mu_p is written into the caller's mu_q.
def kl_diag_gaussians(mu_q, logvar_q, mu_p=None, logvar_p=None):
    mu_p = torch.zeros_like(mu_q) if mu_p is None else mu_p
    logvar_p = torch.zeros_like(logvar_q) if logvar_p is None else logvar_p
    diff = mu_q.sub_(mu_p)
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + diff**2) / logvar_p.exp() - 1).sum(-1)
