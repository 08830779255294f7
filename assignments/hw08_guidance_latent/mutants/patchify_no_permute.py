# must-fail: test_patchify_round_trip, test_patch_layout, test_public_patchify_top_left
# why: a reshape without the permute: tokens are runs of contiguous memory, not patches
def patchify(x, p):
    B, C, H, W = x.shape
    return x.reshape(B, (H // p) * (W // p), p * p * C)


def unpatchify(tokens, p, C, H, W):
    return tokens.reshape(tokens.shape[0], C, H, W)
