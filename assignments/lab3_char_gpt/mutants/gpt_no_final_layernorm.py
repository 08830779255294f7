# must-fail: test_gpt_matches_reference_architecture, test_gpt_kv_cache_matches_full_forward
# why: the final LayerNorm ln_f is skipped before lm_head
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        mask = torch.arange(start_pos + L)[None, :] <= positions[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(h), new_kv
