# must-fail: test_batch_equals_feature_dim, test_q_posterior_shapes_and_dtypes
# why: per-sample coefficients of shape (B,) multiply x (B, D): they broadcast over the feature axis when B == D
def q_posterior(x0, x_t, t, betas, alpha_bar):
    ab, ab_prev, beta = alpha_bar[t], alpha_bar[t - 1], betas[t]
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab)
    var = (1 - ab_prev) * beta / (1 - ab)
    mean = coef_x0.to(x0.dtype) * x0 + coef_xt.to(x0.dtype) * x_t
    return mean, var.reshape(-1, *([1] * (x0.dim() - 1))).to(x0.dtype)
