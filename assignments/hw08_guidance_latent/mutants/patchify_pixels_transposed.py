# must-fail: test_patchify_round_trip, test_patch_layout
# why: inside a token, features ordered (j, i, channel) instead of (i, j, channel); the round trip is still exact
def patchify(x, p):
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 5, 3, 1)
    return x.reshape(B, (H // p) * (W // p), p * p * C)


def unpatchify(tokens, p, C, H, W):
    B = tokens.shape[0]
    x = tokens.reshape(B, H // p, W // p, p, p, C).permute(0, 5, 1, 4, 2, 3)
    return x.reshape(B, C, H, W)
