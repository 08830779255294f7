# must-fail: test_autoencoder_called_once_in_order_and_scale, test_latent_round_trip_orthogonal_autoencoder
# why: multiplies by the scale again before decoding instead of dividing
def from_diffusion_space(z, decoder, scale):
    return decoder(z * scale)
