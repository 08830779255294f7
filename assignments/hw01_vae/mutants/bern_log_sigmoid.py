# must-fail: test_bernoulli_log_likelihood_extreme_logits
# why: log(sigmoid(l)) and log(1 - sigmoid(l)): 1 - sigmoid(100) rounds to 0 and the log-likelihood is -inf.
def bernoulli_log_likelihood(x, logits):
    p = torch.sigmoid(logits)
    return (x * torch.log(p) + (1 - x) * torch.log(1 - p)).reshape(x.shape[0], -1).sum(1)
