# must-fail: test_gpt_rejects_positions_past_the_block
# why: the sizes are stored as n_vocab and context_length: the attributes vocab_size and block_size are missing
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        self.n_vocab, self.context_length = self.vocab_size, self.block_size
        del self.vocab_size
        del self.block_size

    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        if start_pos + L > self.context_length:
            raise ValueError("positions past the block")
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        mask = torch.arange(start_pos + L)[None, :] <= positions[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
