# must-fail: test_clip_weights_values
# why: `p = p.clamp(...)` rebinds the loop variable to a copy: the module's parameters never change.
def clip_weights_(module, c):
    for p in module.parameters():
        p = p.clamp(-c, c)
