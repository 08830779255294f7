# must-fail: test_inputs_untouched
# why: writes the guided prediction into x_t and returns it (the caller's sample is overwritten)
def cfg_eps(eps_model, x_t, t, y, w, null_id):
    B = x_t.shape[0]
    null = torch.full_like(y, null_id)
    out = eps_model(torch.cat([x_t, x_t]), torch.cat([t, t]), torch.cat([y, null]))
    x_t.copy_(cfg_combine(out[:B], out[B:], w))
    return x_t
