# must-fail: test_cfg_eps_one_batched_call
# why: right values, but two separate model calls instead of one batched call (twice the cost on a real network)
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    cond = eps_model(x_t, t, y)
    uncond = eps_model(x_t, t, torch.full_like(y, null_id))
    return cfg_combine(cond, uncond, w)
