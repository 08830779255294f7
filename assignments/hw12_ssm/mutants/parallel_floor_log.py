# must-fail: test_parallel_scan_matches_loop
# why: floor(log2 L) rounds instead of ceil: right for powers of two only
def parallel_scan(a, b):
    acc_a, acc_b = a.clone(), b.clone()
    L = a.shape[0]
    for r in range(int(math.log2(L))):
        offset = 2**r
        new_a, new_b = acc_a.clone(), acc_b.clone()
        new_a[offset:] = acc_a[offset:] * acc_a[:-offset]
        new_b[offset:] = acc_a[offset:] * acc_b[:-offset] + acc_b[offset:]
        acc_a, acc_b = new_a, new_b
    return acc_b
