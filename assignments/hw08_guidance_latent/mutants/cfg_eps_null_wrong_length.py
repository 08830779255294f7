# must-fail: test_cfg_eps_one_batched_call
# why: the null labels are sized by the feature dimension, not the batch: right only when B == D
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full((x_t.shape[-1],), null_id, dtype=y.dtype)
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([y, null]))
    return cfg_combine(out[:B], out[B:], w)
