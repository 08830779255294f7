# must-fail: test_bernoulli_log_likelihood_matches_bce
# why: picks log sigma(l) where x > 1/2 and log(1 - sigma(l)) elsewhere: right for binary pixels only, wrong for x in (0, 1).
def bernoulli_log_likelihood(x, logits):
    per = torch.where(x > 0.5, F.logsigmoid(logits), F.logsigmoid(-logits))
    return per.reshape(x.shape[0], -1).sum(1)
