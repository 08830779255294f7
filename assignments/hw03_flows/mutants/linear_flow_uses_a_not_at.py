# must-fail: test_linear_flow_logprob_is_gaussian
# why: rows are mapped with x A + b instead of x A^T + b (the column convention z = A x read as x @ A).
def linear_flow_logprob(x, A, b):
    z = x @ A + b
    _, logabsdet = torch.linalg.slogdet(A)
    return standard_normal_logprob(z) + logabsdet
