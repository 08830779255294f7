# must-fail: test_losses_extreme_logits
# why: log(sigmoid(l)) and log(1 - sigmoid(l)): sigmoid rounds to 0 or 1 for large |l|, giving log 0 = -inf.
def d_loss_bce(logits_real, logits_fake):
    return -torch.log(torch.sigmoid(logits_real)).mean() - torch.log(1 - torch.sigmoid(logits_fake)).mean()
