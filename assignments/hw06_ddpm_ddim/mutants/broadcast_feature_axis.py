# must-fail: test_batch_equals_feature_dim, test_q_sample_matches_closed_form
# why: alpha_bar[t] of shape (B,) multiplied straight into x0 (B, D): broadcasts over the feature axis when B == D
def q_sample(x0, t, eps, alpha_bar):
    ab = alpha_bar[t]
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * eps
