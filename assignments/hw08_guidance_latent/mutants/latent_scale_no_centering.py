# must-fail: test_fit_latent_scale
# why: the root mean square instead of the standard deviation (the mean is not subtracted)
def fit_latent_scale(latents):
    return 1.0 / float(latents.to(torch.float64).pow(2).mean().sqrt())
