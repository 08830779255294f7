# must-fail: test_inputs_untouched
# why: squeezes a (B, 1) batch of logits in place to accept both shapes: right value, but the caller's tensor has changed shape.
def g_loss_minimax(logits_fake):
    if logits_fake.dim() == 2:
        logits_fake.squeeze_(1)
    return -F.softplus(logits_fake).mean()
