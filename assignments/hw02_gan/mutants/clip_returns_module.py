# must-fail: test_clip_weights_values
# why: clips correctly but returns the module (like nn.Module.apply), not None as specified.
def clip_weights_(module, c):
    with torch.no_grad():
        for p in module.parameters():
            p.clamp_(-c, c)
    return module
