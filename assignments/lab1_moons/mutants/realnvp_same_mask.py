# must-fail: test_make_realnvp_alternating_masks
# why: every layer gets the mask [True, False]: x_1 is never transformed.
def make_realnvp(n_layers=8, hidden=64):
    return FlowSequence([AffineCoupling(2, torch.tensor([True, False]), hidden=hidden) for _ in range(n_layers)])
