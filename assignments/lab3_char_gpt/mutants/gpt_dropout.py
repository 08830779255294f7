# must-fail: test_gpt_initial_loss_is_about_log_v, test_gpt_matches_reference_architecture
# why: dropout (p = 0.1) on the embeddings, active in training mode: the logits are random
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        self.drop = nn.Dropout(0.1)

    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        if start_pos + L > self.block_size:
            raise ValueError("positions past the block")
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        h = self.drop(h)
        mask = torch.arange(start_pos + L)[None, :] <= positions[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
