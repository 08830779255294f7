# must-fail: test_gpt_matches_reference_architecture, test_gpt_is_causal, test_gpt_kv_cache_matches_full_forward
# why: the causal mask is built with True = blocked (keys after the query) while attention reads True = may attend
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def forward(self, idx, past_kv=None, start_pos=0):
        B, L = idx.shape
        if start_pos + L > self.block_size:
            raise ValueError("positions past the block")
        positions = torch.arange(start_pos, start_pos + L)
        h = self.tok_emb(idx) + self.pos_emb(positions)
        mask = torch.arange(start_pos + L)[None, :] > positions[:, None]
        new_kv = []
        for i, block in enumerate(self.blocks):
            h, kv = block(h, mask, None if past_kv is None else past_kv[i], start_pos)
            new_kv.append(kv)
        return self.lm_head(self.ln_f(h)), new_kv
