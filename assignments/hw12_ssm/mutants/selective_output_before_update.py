# must-fail: test_selective_scan_matches_sequential_loop, test_selective_scan_closed_form, test_public_selective_scan_one_step
# why: y_k = C_k . h_(k-1): the output is read before the state update
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
        h = deltaA[:, i] * h + deltaB_u[:, i]
    return torch.stack(ys, dim=1) + u * D
