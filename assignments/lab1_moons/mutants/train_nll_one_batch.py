# must-fail: test_train_nll_replays_recipe
# why: one batch is drawn before the loop and reused at every step (no fresh data).
def train_nll(model, n_iters=2000, batch=256, lr=1e-3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x = support.moons(batch, generator=gen)
    losses = []
    for _ in range(n_iters):
        loss = -model.log_prob(x).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
