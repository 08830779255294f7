# must-fail: test_linear_flow_logprob_dtype_and_inputs
# why: z is computed into x's storage (x.copy_(...)), so the caller's data are overwritten.
def linear_flow_logprob(x, A, b):
    z = x.copy_(x @ A.T + b)
    _, logabsdet = torch.linalg.slogdet(A)
    return standard_normal_logprob(z) + logabsdet
