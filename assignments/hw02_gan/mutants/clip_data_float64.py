# must-fail: test_clip_weights_values
# why: clamps in float64 and stores the result through `p.data = ...` without casting back: float32 parameters become float64.
def clip_weights_(module, c):
    for p in module.parameters():
        p.data = p.data.double().clamp(-c, c)
