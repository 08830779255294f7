# must-fail: test_clip_weights_values
# why: clamps in place outside torch.no_grad(): an in-place change of a leaf that requires a gradient is an autograd error.
def clip_weights_(module, c):
    for p in module.parameters():
        p.clamp_(-c, c)
