# must-fail: test_make_realnvp_alternating_masks
# why: make_realnvp's default is n_layers=4 instead of 8.
def make_realnvp(n_layers=4, hidden=64):
    """A FlowSequence of n_layers AffineCoupling(2, mask_k, hidden) layers; mask_k = [True, False]
    for even k and [False, True] for odd k (layer 0 is applied first to data)."""
    masks = [torch.tensor([k % 2 == 0, k % 2 == 1]) for k in range(n_layers)]
    return FlowSequence([AffineCoupling(2, mask, hidden=hidden) for mask in masks])
