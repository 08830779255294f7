# must-fail: test_generate_uses_the_cache
# why: use_cache=False still uses the cache inside the block
def generate(model, idx, max_new_tokens, temperature=1.0, top_k=None, use_cache=True, generator=None):
    block = model.block_size
    out = idx.clone()
    kv = None
    with torch.no_grad():
        for _ in range(max_new_tokens):
            T = out.shape[1]
            if T <= block:
                if kv is None:
                    logits, kv = model(out)
                else:
                    logits, kv = model(out[:, -1:], past_kv=kv, start_pos=T - 1)
            else:
                logits, _ = model(out[:, -block:])
            last = logits[:, -1]
            if temperature == 0:
                nxt = torch.argmax(last, dim=-1, keepdim=True)
            else:
                last = last / temperature
                if top_k is not None:
                    kth = torch.topk(last, min(top_k, last.shape[-1]), dim=-1).indices
                    keep = torch.zeros_like(last, dtype=torch.bool).scatter(-1, kth, True)
                    last = last.masked_fill(~keep, float("-inf"))
                probs = torch.softmax(last, dim=-1)
                nxt = torch.multinomial(probs, 1, generator=generator)
            out = torch.cat([out, nxt.to(out.dtype)], dim=1)
    return out
