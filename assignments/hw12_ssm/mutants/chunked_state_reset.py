# must-fail: test_chunked_equals_full
# why: every chunk starts again from h = 0: the state is not carried over
def selective_scan_chunked(u, delta, A, B, C, D, chunk):
    outs = []
    for start in range(0, u.shape[1], chunk):
        sl = slice(start, start + chunk)
        outs.append(selective_scan(u[:, sl], delta[:, sl], A, B[:, sl], C[:, sl], D))
    return torch.cat(outs, dim=1)
