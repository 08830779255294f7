# must-fail: test_linear_beta_schedule_properties, test_public_linear_schedule
# why: T + 1 values evenly spaced from beta_1 to beta_T: betas[0] is not 0 and the spacing is wrong
def linear_beta_schedule(T, beta_1=1e-4, beta_T=0.02):
    return torch.linspace(beta_1, beta_T, T + 1, dtype=torch.float64)
