# must-fail: test_inputs_untouched
# why: the rounds overwrite a and b in place (the values are right, the caller's tensors are changed)
def parallel_scan(a, b):
    L, offset = a.shape[0], 1
    while offset < L:
        new_b = a[offset:] * b[:-offset] + b[offset:]
        new_a = a[offset:] * a[:-offset]
        b[offset:] = new_b
        a[offset:] = new_a
        offset *= 2
    return b
