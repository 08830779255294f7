# must-fail: test_dsm_loss_gradients
# why: the loss is computed under no_grad: right value, but training gets no gradient
def dsm_loss(score_model, x0, t, eps):
    with torch.no_grad():
        a, sigma = vp_marginal(t)
        shape = (-1,) + (1,) * (x0.dim() - 1)
        a, sigma = a.reshape(shape).to(x0.dtype), sigma.reshape(shape).to(x0.dtype)
        x_t = a * x0 + sigma * eps
        return (sigma * score_model(x_t, t) + eps).pow(2).flatten(1).sum(1).mean()
