# must-fail: test_patchify_round_trip, test_patch_layout
# why: unpatchify reads the tokens in column-major patch order
def unpatchify(tokens, p, C, H, W):
    B = tokens.shape[0]
    x = tokens.reshape(B, W // p, H // p, p, p, C).permute(0, 5, 2, 3, 1, 4)
    return x.reshape(B, C, H, W)
