# must-fail: test_dsm_loss_value, test_dsm_loss_images_and_call
# why: x_t = x0 + sigma_t eps (a variance-exploding kernel) instead of the VP kernel a_t x0 + sigma_t eps
def dsm_loss(score_model, x0, t, eps):
    _, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    sigma = sigma.reshape(shape).to(x0.dtype)
    x_t = x0 + sigma * eps
    residual = sigma * score_model(x_t, t) + eps
    return residual.pow(2).flatten(1).sum(1).mean()
