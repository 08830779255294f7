# must-fail: test_selective_scan_matches_sequential_loop, test_selective_scan_closed_form, test_public_selective_scan_one_step, test_d_skip
# why: Bb u = B u: the step size delta is left out of the input term
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    Bu = torch.einsum("bln,bld->bldn", B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + Bu[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D
