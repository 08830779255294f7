# must-fail: test_selective_scan_matches_sequential_loop, test_selective_scan_closed_form
# why: the outputs are stacked as (b, d, l) and reshaped (not transposed) to (b, l, d): the shape is right, the layout scrambled
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=2).reshape(b, l, d) + u * D
