# must-fail: test_make_realnvp_alternating_masks
# why: the layers are built with the default width: AffineCoupling(2, mask) ignores hidden.
def make_realnvp(n_layers=8, hidden=64):
    """A FlowSequence of n_layers AffineCoupling(2, mask_k, hidden) layers; mask_k = [True, False]
    for even k and [False, True] for odd k (layer 0 is applied first to data)."""
    masks = [torch.tensor([k % 2 == 0, k % 2 == 1]) for k in range(n_layers)]
    return FlowSequence([AffineCoupling(2, mask) for mask in masks])
