# must-fail: test_patchify_round_trip, test_patch_layout
# why: the tokens are written into a buffer of torch's default dtype: float64 images come back as float32
def patchify(x, p):
    B, C, H, W = x.shape
    out = torch.empty(B, (H // p) * (W // p), p * p * C)
    out.copy_(x.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1).reshape(out.shape))
    return out
