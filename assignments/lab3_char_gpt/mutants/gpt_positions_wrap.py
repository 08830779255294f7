# must-fail: test_gpt_rejects_positions_past_the_block
# why: no ValueError past the block: positions wrap around modulo block_size
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions % self.block_size)
        mask = torch.arange(start_pos + L)[None, :] <= positions[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
