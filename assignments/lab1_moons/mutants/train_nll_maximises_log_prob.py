# must-fail: test_train_nll_replays_recipe, test_realnvp_beats_gaussian, test_realnvp_reaches_threshold
# why: the loss is +mean log_prob: training makes the data less likely.
def train_nll(model, n_iters=2000, batch=256, lr=1e-3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x = support.moons(batch, generator=gen)
        loss = model.log_prob(x).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
