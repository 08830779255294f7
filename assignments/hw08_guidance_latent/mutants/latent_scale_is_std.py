# must-fail: test_fit_latent_scale, test_public_latent_scale, test_latent_round_trip_orthogonal_autoencoder
# why: returns the standard deviation itself instead of its inverse
def fit_latent_scale(latents):
    return float(latents.to(torch.float64).std(unbiased=False))
