# must-fail: test_selective_scan_matches_sequential_loop, test_equal_sizes
# why: A is read as (n, d) instead of (d, n): an error when d != n, the wrong decay per channel when d == n
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,nd->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D
