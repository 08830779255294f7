# must-fail: test_train_nll_replays_recipe
# why: train_nll trains a deep copy of model: the model passed in is left untrained.
def train_nll(model, n_iters=2000, batch=256, lr=1e-3, seed=0):
    """Maximum likelihood on fresh batches of support.moons with Adam; returns the n_iters losses."""
    import copy

    model = copy.deepcopy(model)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x = support.moons(batch, generator=gen)
        loss = -model.log_prob(x).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
