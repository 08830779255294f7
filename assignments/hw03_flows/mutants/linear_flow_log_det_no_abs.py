# must-fail: test_linear_flow_logprob_is_gaussian
# why: log(det A) instead of log|det A|: NaN whenever det A < 0.
def linear_flow_logprob(x, A, b):
    z = x @ A.T + b
    return standard_normal_logprob(z) + torch.log(torch.linalg.det(A))
