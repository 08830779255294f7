# must-fail: test_linear_beta_schedule_properties, test_public_linear_schedule
# why: the betas are built in torch's default dtype (float32), not float64
def linear_beta_schedule(T, beta_1=1e-4, beta_T=0.02):
    betas = torch.zeros(T + 1)
    betas[1:] = torch.linspace(beta_1, beta_T, T)
    return betas
