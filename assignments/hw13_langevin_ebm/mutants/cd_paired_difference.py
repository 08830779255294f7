# must-fail: test_cd_loss_value
# why: the mean of E(x_data) - E(x_model) row by row: assumes B == B' (an error, or a silent broadcast, when the batches differ).
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    return (e_data - e_model).mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
