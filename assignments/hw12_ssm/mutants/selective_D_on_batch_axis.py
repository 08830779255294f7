# must-fail: test_equal_sizes, test_d_skip
# why: D is broadcast along the batch axis (D[:, None, None]) instead of the channel axis: unnoticed by shapes when b == d
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D[:, None, None]
