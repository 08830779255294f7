# must-fail: test_g_loss_nonsaturating_is_bce_with_target_one, test_generator_gradients_saturation
# why: mean log D(G(z)) without the minus sign: the generator would make its samples look fake.
def g_loss_nonsaturating(logits_fake):
    return F.logsigmoid(logits_fake).mean()
