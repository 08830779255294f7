# must-fail: test_kernel_closed_form, test_scan_equals_fft_convolution, test_public_scalar_kernel_and_scan
# why: K_l = C Ab^(l+1) Bb (the power starts at 1)
def ssm_kernel(Ab, Bb, C, L):
    out, v = [], Ab @ Bb
    for _ in range(L):
        out.append(C @ v)
        v = Ab @ v
    return torch.stack(out)
