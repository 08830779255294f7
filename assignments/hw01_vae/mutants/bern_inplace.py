# must-fail: test_inputs_untouched
# why: right values, but x * logits is written into the caller's x.
def bernoulli_log_likelihood(x, logits):
    log1pexp = torch.logaddexp(torch.zeros_like(logits), logits)
    return (x.mul_(logits) - log1pexp).reshape(x.shape[0], -1).sum(1)
