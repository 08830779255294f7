# must-fail: test_gpt_kv_cache_matches_full_forward
# why: with a cache the mask compares key j with the query's index inside the chunk (j <= i), not its position (j <= start_pos + i): new tokens only see the oldest keys
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        mask = torch.arange(start_pos + L)[None, :] <= torch.arange(L)[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
