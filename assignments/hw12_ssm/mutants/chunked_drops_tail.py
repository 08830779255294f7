# must-fail: test_chunked_equals_full
# why: only whole chunks are processed; the last, shorter chunk is dropped and its outputs are left at zero
def selective_scan_chunked(u, delta, A, B, C, D, chunk):
    y = torch.zeros_like(u)
    full = (u.shape[1] // chunk) * chunk
    if full:
        y[:, :full] = selective_scan(u[:, :full], delta[:, :full], A, B[:, :full], C[:, :full], D)
    return y
