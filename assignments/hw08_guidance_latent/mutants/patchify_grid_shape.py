# must-fail: test_patchify_round_trip, test_patch_layout, test_public_patchify_top_left
# why: returns the tokens as a grid (B, H/p, W/p, p*p*C) instead of the sequence (B, HW/p^2, p*p*C)
def patchify(x, p):
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1)
    return x.reshape(B, H // p, W // p, p * p * C)


def unpatchify(tokens, p, C, H, W):
    B = tokens.shape[0]
    x = tokens.reshape(B, H // p, W // p, p, p, C).permute(0, 5, 1, 3, 2, 4)
    return x.reshape(B, C, H, W)
