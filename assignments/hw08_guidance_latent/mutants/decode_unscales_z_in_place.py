# must-fail: test_inputs_untouched
# why: divides the caller's latent by the scale in place (z /= scale) before decoding: right value, z destroyed
def from_diffusion_space(z, decoder, scale):
    z /= scale
    return decoder(z)
