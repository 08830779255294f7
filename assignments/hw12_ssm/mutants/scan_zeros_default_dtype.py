# must-fail: test_scan_matches_loop
# why: the start state is torch.zeros(N) in torch's default dtype (float32), whatever the dtype of the inputs
def ssm_scan(Ab, Bb, C, u, x0=None):
    x = torch.zeros(Ab.shape[0]) if x0 is None else x0
    ys = []
    for k in range(u.shape[0]):
        x = Ab @ x + Bb * u[k]
        ys.append(C @ x)
    return torch.stack(ys)
