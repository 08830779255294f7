# must-fail: test_cfg_eps_w0_w1_identities
# why: calls the model in float64 and returns float64 for a float32 x_t (the dtype of x_t is not kept)
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(y, null_id)
    xx = torch.cat([x_t, x_t]).to(torch.float64)
    out = eps_model(xx, torch.cat([t, t]), torch.cat([y, null]))
    return cfg_combine(out[:B], out[B:], w)
