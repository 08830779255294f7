# must-fail: test_parallel_scan_matches_loop
# why: the scan runs along the last axis instead of dim 0 (right only for 1-d inputs)
def parallel_scan(a, b):
    acc_a, acc_b = a.clone(), b.clone()
    L, offset = a.shape[-1], 1
    while offset < L:
        new_a, new_b = acc_a.clone(), acc_b.clone()
        new_a[..., offset:] = acc_a[..., offset:] * acc_a[..., :-offset]
        new_b[..., offset:] = acc_a[..., offset:] * acc_b[..., :-offset] + acc_b[..., offset:]
        acc_a, acc_b = new_a, new_b
        offset *= 2
    return acc_b
