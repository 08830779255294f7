# must-fail: test_selective_scan_matches_sequential_loop
# why: the state starts from a small random draw: the result is random (there is no randomness in the contract)
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    h = 1e-3 * torch.randn(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = deltaA[:, i] * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D
