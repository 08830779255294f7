# must-fail: test_autoencoder_called_once_in_order_and_scale
# why: right value, but the decoder runs twice on z / scale: twice the cost
def from_diffusion_space(z, decoder, scale):
    out = decoder(z / scale)
    assert out.shape[0] == z.shape[0]
    return decoder(z / scale)
