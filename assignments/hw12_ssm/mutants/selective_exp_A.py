# must-fail: test_selective_scan_matches_sequential_loop, test_selective_scan_closed_form, test_d_skip
# why: Ab = exp(A) instead of exp(delta A): the selection by delta no longer gates the memory
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(A)[None, None].expand(b, l, d, A.shape[1])
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D
