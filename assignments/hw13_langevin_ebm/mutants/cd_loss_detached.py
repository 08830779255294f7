# must-fail: test_cd_gradient_sign, test_cd_no_grad_through_samples
# why: returns the value detached from the graph: not differentiable in the energy's parameters.
def cd_loss(energy, x_data, x_model, alpha_reg=0.0):
    e_data = energy(x_data)
    e_model = energy(x_model.detach())
    loss = e_data.mean() - e_model.mean() + alpha_reg * ((e_data**2).mean() + (e_model**2).mean())
    return loss.detach()
