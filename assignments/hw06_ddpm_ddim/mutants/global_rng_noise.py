# must-fail: test_q_sample_matches_closed_form, test_no_global_rng_when_noise_is_passed
# why: ignores the eps it is given and draws fresh noise from the global RNG
def q_sample(x0, t, eps, alpha_bar):
    ab = _at(alpha_bar, t, x0)
    return ab.sqrt().to(x0.dtype) * x0 + (1 - ab).sqrt().to(x0.dtype) * torch.randn_like(x0)
