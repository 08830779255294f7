# must-fail: test_losses_extreme_logits, test_d_loss_optimal_discriminator_jsd
# why: sigmoid written as exp(l) / (1 + exp(l)): inf / inf = nan as soon as exp overflows (disjoint Gaussians, |l| ~ 1e5).
def d_loss_bce(logits_real, logits_fake):
    d_real = torch.exp(logits_real) / (1 + torch.exp(logits_real))
    d_fake = torch.exp(logits_fake) / (1 + torch.exp(logits_fake))
    return -torch.log(d_real).mean() - torch.log(1 - d_fake).mean()
