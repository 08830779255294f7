# must-fail: test_block_matches_prenorm_formula
# why: does not pass past_kv and start_pos on to the attention layer, so token-by-token generation forgets the past
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(self.ln_1(x), mask)
        h = x + a
        return h + self.ff(self.ln_2(h)), kv
