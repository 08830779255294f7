# must-fail: test_clip_weights_values
# why: clips the parameters held directly by the module's children only: a nested container (the critic's `body`, an nn.Sequential) keeps its parameters unclipped.
def clip_weights_(module, c):
    with torch.no_grad():
        for child in module.children():
            for p in child.parameters(recurse=False):
                p.clamp_(-c, c)
