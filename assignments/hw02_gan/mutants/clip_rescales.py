# must-fail: test_clip_weights_values
# why: rescales each parameter tensor so that its largest entry is c instead of clamping entry by entry: entries that were already inside [-c, c] change too.
def clip_weights_(module, c):
    with torch.no_grad():
        for p in module.parameters():
            m = float(p.abs().max())
            if m > c:
                p.mul_(c / m)
