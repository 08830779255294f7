# must-fail: test_gpt_matches_reference_architecture
# why: the modules are named as in nanoGPT (wte, wpe, h, ln_out, head) instead of tok_emb, pos_emb, blocks, ln_f, lm_head
class GPT(nn.Module):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__()
        self.vocab_size = vocab_size
        self.block_size = block_size
        self.wte = nn.Embedding(vocab_size, d_model)
        self.wpe = nn.Embedding(block_size, d_model)
        self.h = nn.ModuleList([TransformerBlock(d_model, n_heads, 4 * d_model) for _ in range(n_layers)])
        self.ln_out = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size, bias=False)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        if start_pos + L > self.block_size:
            raise ValueError("positions past the block")
        positions = torch.arange(start_pos, start_pos + L)
        h = self.wte(idx) + self.wpe(positions)
        mask = torch.arange(start_pos + L)[None, :] <= positions[:, None]
        new_kv = []
        for i, block in enumerate(self.h):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.head(self.ln_out(h)), new_kv
