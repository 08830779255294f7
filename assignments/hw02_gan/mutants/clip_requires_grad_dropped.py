# must-fail: test_clip_weights_in_place
# why: avoids the autograd error by switching requires_grad off and never switches it back: the clipped critic no longer trains.
def clip_weights_(module, c):
    for p in module.parameters():
        p.requires_grad_(False)
        p.clamp_(-c, c)
