# must-fail: test_fit_latent_scale, test_latent_round_trip_orthogonal_autoencoder
# why: the unbiased standard deviation (divides by n - 1): scaled latents do not have unit std
def fit_latent_scale(latents):
    return 1.0 / float(latents.to(torch.float64).std())
