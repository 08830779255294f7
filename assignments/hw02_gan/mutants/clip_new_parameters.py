# must-fail: test_clip_weights_in_place
# why: replaces every parameter by a new nn.Parameter: the module is clipped, but an optimizer keeps updating the old tensors.
def clip_weights_(module, c):
    for m in module.modules():
        for name, p in list(m._parameters.items()):
            if p is not None:
                m._parameters[name] = nn.Parameter(p.detach().clamp(-c, c))
