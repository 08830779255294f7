# must-fail: test_clip_weights_values
# why: clamps from above only (clamp_(max=c)): parameters below -c stay unbounded.
def clip_weights_(module, c):
    with torch.no_grad():
        for p in module.parameters():
            p.clamp_(max=c)
