# must-fail: test_train_lm_replays_the_adamw_recipe, test_train_lm_overfits_one_batch
# why: train_lm trains a deep copy of the model: the losses fall but the model passed in is never trained
import copy as _copy


def train_lm(model, data, n_steps=2000, lr=1e-3, seed=0, batch_size=32):
    model = _copy.deepcopy(model)
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    losses = []
    for _ in range(n_steps):
        xb, yb = get_batch(data, model.block_size, batch_size, gen)
        logits = model(xb)[0]
        loss = F.cross_entropy(logits.flatten(0, 1), yb.flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        losses.append(loss.item())
    return losses
