# must-fail: test_clip_weights_values
# why: clips only the tensors named "weight": biases (and BatchNorm's shift) stay unbounded.
def clip_weights_(module, c):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("weight"):
                p.clamp_(-c, c)
