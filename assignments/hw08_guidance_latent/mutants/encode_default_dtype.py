# must-fail: test_latent_round_trip_orthogonal_autoencoder
# why: casts the latent to torch's default dtype: a float64 image gives float32 latents
def to_diffusion_space(x, encoder, scale):
    return scale * encoder(x).to(torch.get_default_dtype())
