# must-fail: test_selective_scan_matches_sequential_loop, test_selective_scan_lti_case_is_ssm_scan
# why: Bb u = (exp(delta A) - 1) / A * B u (ZOH) instead of Mamba's Euler delta B u
def selective_scan(u, delta, A, B, C, D):
    b, l, d = u.shape
    dA = torch.einsum("bld,dn->bldn", delta, A)
    deltaB_u = torch.expm1(dA) / A * torch.einsum("bln,bld->bldn", B, u)
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    ys = []
    for i in range(l):
        h = torch.exp(dA[:, i]) * h + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, i]))
    return torch.stack(ys, dim=1) + u * D
