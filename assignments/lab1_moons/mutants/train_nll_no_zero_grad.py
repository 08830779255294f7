# must-fail: test_train_nll_replays_recipe
# why: opt.zero_grad() is never called, so the gradients of all previous steps accumulate.
def train_nll(model, n_iters=2000, batch=256, lr=1e-3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x = support.moons(batch, generator=gen)
        loss = -model.log_prob(x).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
