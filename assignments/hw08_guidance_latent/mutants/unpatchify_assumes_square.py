# must-fail: test_patchify_round_trip, test_patch_layout
# why: unpatchify uses H / p for both grid axes: right only for square images
def unpatchify(tokens, p, C, H, W):
    B = tokens.shape[0]
    x = tokens.reshape(B, H // p, H // p, p, p, C).permute(0, 5, 1, 3, 2, 4)
    return x.reshape(B, C, H, W)
