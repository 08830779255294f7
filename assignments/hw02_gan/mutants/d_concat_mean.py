# must-fail: test_d_loss_zero_logits, test_d_loss_value, test_d_loss_optimal_discriminator_jsd
# why: one cross-entropy averaged over the concatenated batch: half the loss (log 2 at zero logits), and wrong weights when the batch sizes differ.
def d_loss_bce(logits_real, logits_fake):
    logits = torch.cat([logits_real.reshape(-1), logits_fake.reshape(-1)])
    targets = torch.cat([torch.ones(logits_real.numel()), torch.zeros(logits_fake.numel())]).to(logits.dtype)
    return F.binary_cross_entropy_with_logits(logits, targets)
