# must-fail: test_cfg_eps_one_batched_call
# why: the null labels come first in the batch ([null, y]); the values are right, the documented layout is not
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(y, null_id)
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([null, y]))
    return cfg_combine(out[B:], out[:B], w)
