# must-fail: test_train_cfm_replays_recipe, test_train_cfm_ot_replays_recipe
# why: the noise x0 is drawn from the global RNG instead of the seeded generator.
def train_cfm(flow, n_iters=3000, batch=256, lr=1e-3, seed=0, coupling="independent"):
    """Conditional flow matching on the linear path with Adam; coupling 'independent' or 'ot'.
    Returns the n_iters losses."""
    if coupling not in ("independent", "ot"):
        raise ValueError(f"coupling must be 'independent' or 'ot', not {coupling!r}")
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(flow.parameters(), lr=lr)
    losses = []
    for _ in range(n_iters):
        x1 = support.moons(batch, generator=gen)
        x0 = torch.randn(batch, 2)
        t = torch.rand(batch, 1, generator=gen)
        if coupling == "ot":
            cost = ((x0[:, None, :].double() - x1[None, :, :].double()) ** 2).sum(-1)
            rows, cols = linear_sum_assignment(cost.numpy())
            perm = torch.empty(batch, dtype=torch.long)
            perm[torch.as_tensor(rows)] = torch.as_tensor(cols, dtype=torch.long)
            x1 = x1[perm]
        x_t = (1 - t) * x0 + t * x1
        loss = ((flow(x_t, t) - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
