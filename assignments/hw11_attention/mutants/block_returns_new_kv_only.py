# must-fail: test_block_matches_prenorm_formula
# why: returns the keys and values of the new tokens only (recomputed from ln_1(x)), not the attention layer's cache with the past
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        n = self.ln_1(x)
        a, _ = self.attn(n, mask, past_kv, start_pos)
        _, kv = self.attn(n, None, None, start_pos)
        h = x + a
        return h + self.ff(self.ln_2(h)), kv
