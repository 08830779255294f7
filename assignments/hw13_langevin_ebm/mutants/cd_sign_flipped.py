# must-fail: test_cd_gradient_sign, test_cd_loss_value, test_public_energy_grad_and_cd_loss
# why: mean E(x_model) - mean E(x_data): pushes the energy up on the data.
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    return e_model.mean() - e_data.mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
