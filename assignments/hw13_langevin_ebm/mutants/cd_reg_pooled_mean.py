# must-fail: test_cd_loss_value, test_cd_no_grad_through_samples
# why: the regulariser is the mean over the pooled energies of both batches, not mean E_data² + mean E_model².
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    return e_data.mean() - e_model.mean() + alpha_reg * torch.cat([e_data**2, e_model**2]).mean()
