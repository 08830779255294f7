# must-fail: test_linear_beta_schedule_properties, test_public_linear_schedule
# why: the default beta_1 is 1e-3 instead of 1e-4 (right when both ends are passed)
def linear_beta_schedule(T, beta_1=1e-3, beta_T=0.02):
    betas = torch.zeros(T + 1, dtype=torch.float64)
    betas[1:] = torch.linspace(beta_1, beta_T, T, dtype=torch.float64)
    return betas
