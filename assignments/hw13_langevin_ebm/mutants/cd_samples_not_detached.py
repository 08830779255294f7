# must-fail: test_cd_no_grad_through_samples
# why: the model samples are not detached: gradients flow into x_model (and through the sampler).
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model)
    return e_data.mean() - e_model.mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
