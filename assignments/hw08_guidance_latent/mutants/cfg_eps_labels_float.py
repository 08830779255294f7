# must-fail: test_cfg_eps_w0_w1_identities, test_guidance_raises_conditional_likelihood
# why: the null labels are built like x_t (a float tensor), so the labels reach eps_model as floats, not a LongTensor
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(x_t[:, 0], null_id)
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([y, null]))
    return cfg_combine(out[:B], out[B:], w)
