# must-fail: test_parallel_scan_matches_loop
# why: returns the pair (prefix products, h) instead of h alone
def parallel_scan(a, b):
    acc_a, acc_b = a.clone(), b.clone()
    L, offset = a.shape[0], 1
    while offset < L:
        new_a, new_b = acc_a.clone(), acc_b.clone()
        new_a[offset:] = acc_a[offset:] * acc_a[:-offset]
        new_b[offset:] = acc_a[offset:] * acc_b[:-offset] + acc_b[offset:]
        acc_a, acc_b = new_a, new_b
        offset *= 2
    return acc_a, acc_b
