# must-fail: test_inputs_untouched
# why: subtracts the mean from the caller's latents in place before taking the root mean square
def fit_latent_scale(latents):
    latents -= latents.mean()
    return 1.0 / float(latents.to(torch.float64).pow(2).mean().sqrt())
