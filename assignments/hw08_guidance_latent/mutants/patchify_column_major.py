# must-fail: test_patchify_round_trip, test_patch_layout
# why: patchify emits the patches in column-major order (token 1 is the patch below token 0, not to its right)
def patchify(x, p):
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // p, p, W // p, p).permute(0, 4, 2, 3, 5, 1)
    return x.reshape(B, (H // p) * (W // p), p * p * C)
