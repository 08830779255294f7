# must-fail: test_cfg_eps_one_batched_call, test_cfg_eps_w0_w1_identities, test_guidance_raises_conditional_likelihood
# why: the first half of the batched output is taken as the unconditional prediction
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([y, torch.full_like(y, null_id)]))
    return cfg_combine(out[B:], out[:B], w)
