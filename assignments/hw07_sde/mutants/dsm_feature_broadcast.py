# must-fail: test_dsm_loss_value, test_batch_equals_feature_dim
# why: a_t and sigma_t of shape (B,) multiplied straight into (B, D): broadcasts over the feature axis when B == D
def dsm_loss(score_model, x0, t, eps):
    a, sigma = vp_marginal(t)
    x_t = a * x0 + sigma * eps
    return (sigma * score_model(x_t, t) + eps).pow(2).flatten(1).sum(1).mean()
