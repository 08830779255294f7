# must-fail: test_autoencoder_called_once_in_order_and_scale
# why: encoder(scale * x): scales the image instead of the latent (the same only for a linear encoder)
def to_diffusion_space(x, encoder, scale):
    return encoder(scale * x)
