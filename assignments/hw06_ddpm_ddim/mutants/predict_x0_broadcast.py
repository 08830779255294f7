# must-fail: test_batch_equals_feature_dim, test_predict_x0_inverts_q_sample
# why: alpha_bar[t] of shape (B,) used as it is: broadcasts over the feature axis when B == D
def predict_x0_from_eps(x_t, t, eps, alpha_bar):
    ab = alpha_bar[t]
    return (x_t - (1 - ab).sqrt().to(x_t.dtype) * eps) / ab.sqrt().to(x_t.dtype)
