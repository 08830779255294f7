# must-fail: test_made_masks_follow_the_generator, test_made_autoregressive_jacobian
# why: every hidden layer draws its degrees from 1..D-1, ignoring the previous layer's minimum (dead units)
def made_masks(in_dim, hidden_sizes, generator):
    degrees = [torch.arange(1, in_dim + 1)]
    for h in hidden_sizes:
        lo = 1
        degrees.append(torch.randint(lo, in_dim, (h,), generator=generator))
    masks = [degrees[l + 1][:, None] >= degrees[l][None, :] for l in range(len(hidden_sizes))]
    masks.append(degrees[0][:, None] > degrees[-1][None, :])
    return masks
