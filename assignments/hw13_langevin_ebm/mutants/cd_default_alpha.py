# must-fail: test_cd_loss_value
# why: the default alpha_reg is 0.1, not 0.0: the regulariser is on unless asked for.
def cd_loss(energy, x_data, x_model, alpha_reg=0.1):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    return e_data.mean() - e_model.mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
