# must-fail: test_chunked_equals_full
# why: the chunked scan leaves out the D skip connection: not the same result as selective_scan
def selective_scan_chunked(u, delta, A, B, C, D, chunk):
    b, l, d = u.shape
    h = torch.zeros(b, d, A.shape[1], dtype=u.dtype)
    outs = []
    for start in range(0, l, chunk):
        sl = slice(start, min(start + chunk, l))
        dA = torch.exp(torch.einsum("bld,dn->lbdn", delta[:, sl], A))
        dBu = torch.einsum("bld,bln,bld->lbdn", delta[:, sl], B[:, sl], u[:, sl])
        dBu[0] = dBu[0] + dA[0] * h
        hs = parallel_scan(dA, dBu)
        outs.append(torch.einsum("lbdn,bln->bld", hs, C[:, sl]))
        h = hs[-1]
    return torch.cat(outs, dim=1)
