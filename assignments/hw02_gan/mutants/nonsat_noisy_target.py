# must-fail: test_no_global_rng, test_g_loss_nonsaturating_is_bce_with_target_one
# why: label smoothing with targets 1 - 0.1 u drawn from the global RNG: the loss is random and not the cross-entropy with target 1.
def g_loss_nonsaturating(logits_fake):
    target = 1 - 0.1 * torch.rand_like(logits_fake)
    return F.binary_cross_entropy_with_logits(logits_fake, target)
