# must-fail: test_train_cfm_replays_recipe, test_train_cfm_ot_replays_recipe, test_fm_samples_beat_gaussian, test_fm_samples_reach_threshold, test_fm_likelihood
# why: the regression target is x0 - x1: the field points from data to noise.
def train_cfm(flow, n_iters=3000, batch=256, lr=1e-3, seed=0, coupling="independent"):
    if coupling not in ("independent", "ot"):
        raise ValueError(coupling)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(flow.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x1 = support.moons(batch, generator=gen)
        x0 = torch.randn(batch, 2, generator=gen)
        t = torch.rand(batch, 1, generator=gen)
        if coupling == "ot":
            cost = ((x0[:, None, :].double() - x1[None, :, :].double()) ** 2).sum(-1)
            rows, cols = linear_sum_assignment(cost.numpy())
            x1 = x1[torch.as_tensor(cols, dtype=torch.long)]
        x_t = (1 - t) * x0 + t * x1
        loss = ((flow(x_t, t) - (x0 - x1)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
