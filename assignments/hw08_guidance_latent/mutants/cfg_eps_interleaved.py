# must-fail: test_cfg_eps_one_batched_call
# why: the batch is interleaved (x0, x0, x1, x1, ...) instead of stacked with itself; values right, layout not
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    null = torch.full_like(y, null_id)
    labels = torch.stack([y, null], dim=1).reshape(-1)
    out = eps_model(x_t.repeat_interleave(2, dim=0), t.repeat_interleave(2), labels)
    return cfg_combine(out[0::2], out[1::2], w)
