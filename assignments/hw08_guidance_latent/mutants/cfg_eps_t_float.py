# must-fail: test_cfg_eps_w0_w1_identities, test_guidance_raises_conditional_likelihood
# why: the times are handed to eps_model as floats (in the dtype of x_t), not as the LongTensor the convention fixes
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(y, null_id)
    tt = torch.cat([t, t]).to(x_t.dtype)
    out = eps_model(torch.cat([x_t, x_t]), tt, torch.cat([y, null]))
    return cfg_combine(out[:B], out[B:], w)
