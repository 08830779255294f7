# must-fail: test_cfg_eps_one_batched_call
# why: eps_model is called as eps_model(x, y, t): the labels and times are swapped
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(y, null_id)
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([y, null]), torch.cat([t, t]))
    return cfg_combine(out[:B], out[B:], w)
