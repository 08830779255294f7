# must-fail: test_autoencoder_called_once_in_order_and_scale
# why: decoder(z) / scale: the same for a linear decoder, wrong for a real (nonlinear) one
def from_diffusion_space(z, decoder, scale):
    return decoder(z) / scale
