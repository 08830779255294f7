# must-fail: test_gpt_is_causal, test_gpt_matches_reference_architecture, test_gpt_kv_cache_matches_full_forward
# why: the blocks get mask=None: every position attends to the future
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, None, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
