# must-fail: test_realnvp_beats_gaussian, test_realnvp_reaches_threshold
# why: train_nll wastes 0.2 s per step (here time.sleep): 600 steps overrun the 90 s budget of a training call.
import time

def train_nll(model, n_iters=2000, batch=256, lr=1e-3, seed=0):
    """Maximum likelihood on fresh batches of support.moons with Adam; returns the n_iters losses."""
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
        time.sleep(0.2)
    return losses
