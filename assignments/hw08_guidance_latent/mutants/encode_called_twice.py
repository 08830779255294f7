# must-fail: test_autoencoder_called_once_in_order_and_scale
# why: right value, but the encoder runs twice (once to look at the latent, once to scale it): twice the cost
def to_diffusion_space(x, encoder, scale):
    z = encoder(x)
    assert z.shape[0] == x.shape[0]
    return scale * encoder(x)
