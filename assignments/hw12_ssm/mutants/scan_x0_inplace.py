# must-fail: test_inputs_untouched
# why: the state is updated in place in the buffer x0 (the values are right, the caller's x0 is overwritten)
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0], dtype=u.dtype) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        x.copy_(Ab @ x + Bb * u[k])
        ys.append(C @ x)
    return torch.stack(ys)
