# must-fail: test_cfg_eps_one_batched_call, test_cfg_eps_w0_w1_identities, test_guidance_raises_conditional_likelihood
# why: the null label is never substituted: both halves of the batch get the labels y
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([y, y]))
    return cfg_combine(out[:B], out[B:], w)
