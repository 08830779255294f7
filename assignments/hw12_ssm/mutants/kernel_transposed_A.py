# must-fail: test_kernel_closed_form, test_scan_equals_fft_convolution
# why: v @ Ab is Ab^T v: K_l = C (Ab^T)^l Bb, right for a diagonal Ab only
def ssm_kernel(Ab, Bb, C, L):
    out, v = [], Bb
    for _ in range(L):
        out.append(C @ v)
        v = v @ Ab
    return torch.stack(out)
