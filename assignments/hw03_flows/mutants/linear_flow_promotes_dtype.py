# must-fail: test_linear_flow_logprob_dtype_and_inputs
# why: everything is computed in float64 "for stability" and never cast back: float32 inputs come back as float64.
def linear_flow_logprob(x, A, b):
    A64 = A.double()
    z = x.double() @ A64.T + b.double()
    _, logabsdet = torch.linalg.slogdet(A64)
    return standard_normal_logprob(z) + logabsdet
