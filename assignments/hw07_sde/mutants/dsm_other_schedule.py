# must-fail: test_dsm_loss_value, test_dsm_loss_images_and_call
# why: the kernel of another schedule (beta_max = 10) instead of the VP SDE with its default beta_min, beta_max
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t, 0.1, 10.0)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    residual = sigma * score_model(x_t, t) + eps
    return residual.pow(2).flatten(1).sum(1).mean()
