# must-fail: test_made_autoregressive_jacobian, test_made_masks_follow_the_generator
# why: a hidden unit sees previous units of degree < its own (not <=): units of the lowest degree see nothing
def made_masks(in_dim, hidden_sizes, generator):
    degrees = [torch.arange(1, in_dim + 1)]
    for h in hidden_sizes:
        lo = int(degrees[-1].min())
        degrees.append(torch.randint(lo, in_dim, (h,), generator=generator))
    masks = [degrees[l + 1][:, None] > degrees[l][None, :] for l in range(len(hidden_sizes))]
    masks.append(degrees[0][:, None] > degrees[-1][None, :])
    return masks
