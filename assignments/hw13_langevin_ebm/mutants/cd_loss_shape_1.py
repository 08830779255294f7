# must-fail: test_cd_loss_value
# why: returns a tensor of shape (1,), not a scalar of shape ().
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    loss = e_data.mean() - e_model.mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
    return loss.reshape(1)
