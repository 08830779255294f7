# must-fail: test_patchify_round_trip, test_patch_layout, test_public_patchify_top_left
# why: features ordered (channel, i, j) instead of (i, j, channel) (round trip still exact)
def patchify(x, p):
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 3, 5)
    return x.reshape(B, (H // p) * (W // p), p * p * C)


def unpatchify(tokens, p, C, H, W):
    B = tokens.shape[0]
    x = tokens.reshape(B, H // p, W // p, C, p, p).permute(0, 3, 1, 4, 2, 5)
    return x.reshape(B, C, H, W)
