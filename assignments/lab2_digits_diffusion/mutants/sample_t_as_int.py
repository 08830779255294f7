# must-fail: test_sample_calls_model_per_step, test_sample_ddim_guided_chain
# why: calls the model with the Python int t instead of torch.full((B,), t, dtype=torch.long)
def sample(model, n, y, w, eta, timesteps, seed):
    """n samples (n, model.data_dim) float32 from x_T ~ N(0, I): guided DDIM/DDPM steps through `timesteps`, then to 0."""
    g = torch.Generator().manual_seed(seed)
    alpha_bar = model.alpha_bar
    d, null = model.data_dim, model.n_classes
    steps = [int(t) for t in timesteps]
    null_labels = torch.full((n,), null, dtype=torch.long)
    x = torch.randn((n, d), generator=g)
    with torch.no_grad():
        for i, t in enumerate(steps):
            t_prev = steps[i + 1] if i + 1 < len(steps) else 0
            z = torch.randn((n, d), generator=g) if eta > 0 else None
            tt = torch.full((n,), t, dtype=torch.long)
            if y is None:
                eps = model(x, t, null_labels)
            else:
                both = model(torch.cat([x, x]), t, torch.cat([y, null_labels]))
                eps = both[n:] + w * (both[:n] - both[n:])
            ab, ab_prev = float(alpha_bar[t]), float(alpha_bar[t_prev])
            x0_hat = (x - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
            sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab)) * math.sqrt(max(1 - ab / ab_prev, 0.0))
            x = math.sqrt(ab_prev) * x0_hat + math.sqrt(max(1 - ab_prev - sigma**2, 0.0)) * eps
            if sigma > 0:
                x = x + sigma * z
    return x
