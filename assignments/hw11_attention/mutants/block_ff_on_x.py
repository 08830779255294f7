# must-fail: test_block_matches_prenorm_formula
# why: the parallel block (GPT-J): ff sees ln_2(x) instead of ln_2(h), h = x + attn(ln_1(x))
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(self.ln_1(x), mask, past_kv, start_pos)
        h = x + a
        return h + self.ff(self.ln_2(x)), kv
