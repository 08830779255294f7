# must-fail: test_clip_weights_buffers_untouched
# why: clamps everything in the state dict, which also holds the buffers (BatchNorm running statistics).
def clip_weights_(module, c):
    with torch.no_grad():
        for value in module.state_dict().values():
            if value.is_floating_point():
                value.clamp_(-c, c)
