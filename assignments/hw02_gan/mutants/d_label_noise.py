# must-fail: test_no_global_rng, test_d_loss_value
# why: "noisy labels" drawn with the global RNG (targets 1 - 0.1 u on real, 0.1 u on fake): the loss is random and not the cross-entropy with targets 1 and 0.
def d_loss_bce(logits_real, logits_fake):
    t_real = 1 - 0.1 * torch.rand_like(logits_real)
    t_fake = 0.1 * torch.rand_like(logits_fake)
    return F.binary_cross_entropy_with_logits(logits_real, t_real) + F.binary_cross_entropy_with_logits(logits_fake, t_fake)
