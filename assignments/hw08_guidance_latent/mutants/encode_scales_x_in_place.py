# must-fail: test_inputs_untouched, test_autoencoder_called_once_in_order_and_scale
# why: scales the caller's image in place (x.mul_) before encoding it
def to_diffusion_space(x, encoder, scale):
    return encoder(x.mul_(scale))
