# must-fail: test_dsm_loss_images_and_call
# why: score_model is called twice (once to check its output, once for the loss): right value, but twice the work
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
    x_t = a * x0 + sigma * eps
    assert score_model(x_t, t).shape == x0.shape
    residual = sigma * score_model(x_t, t) + eps
    return residual.pow(2).flatten(1).sum(1).mean()
