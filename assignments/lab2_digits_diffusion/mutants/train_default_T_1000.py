# must-fail: test_train_defaults
# why: HW06's default T = 1000 (the lab's default is T = 200)
def train_ddpm(model, X, y, T=1000, n_iters=4000, p_uncond=0.1, seed=0):
    """Train `model` in place with the DDPM loss and label dropout; returns the n_iters losses (floats)."""
    g = torch.Generator().manual_seed(seed)
    _, alpha_bar = lab_schedule(T)
    model.alpha_bar = alpha_bar.clone()
    X = torch.as_tensor(X, dtype=torch.float32)
    y = torch.as_tensor(y, dtype=torch.long)
    sqrt_ab = alpha_bar.sqrt().to(torch.float32)
    sqrt_1m_ab = (1 - alpha_bar).sqrt().to(torch.float32)
    batch, lr, ema_decay = 128, 2e-3, 0.999
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(int(n_iters), 1))
    ema = [p.detach().clone() for p in model.parameters()]
    losses = []
    for it in range(int(n_iters)):
        idx = torch.randint(0, X.shape[0], (batch,), generator=g)
        x0, labels = X[idx], y[idx]
        t = torch.randint(1, T + 1, (batch,), generator=g)
        eps = torch.randn(x0.shape, generator=g)
        drop = torch.rand(batch, generator=g) < p_uncond
        labels = torch.where(drop, torch.full_like(labels, model.n_classes), labels)
        x_t = sqrt_ab[t][:, None] * x0 + sqrt_1m_ab[t][:, None] * eps
        loss = F.mse_loss(model(x_t, t, labels), eps)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        decay = min(ema_decay, (1 + it) / (10 + it))
        with torch.no_grad():
            for e, p in zip(ema, model.parameters()):
                e.lerp_(p.detach(), 1 - decay)
        losses.append(loss.item())
    with torch.no_grad():
        for e, p in zip(ema, model.parameters()):
            p.copy_(e)
    return losses
