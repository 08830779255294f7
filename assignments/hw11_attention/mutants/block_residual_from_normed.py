# must-fail: test_block_matches_prenorm_formula
# why: the residual starts from ln_1(x) instead of x, so the residual stream is normalised (not pre-norm)
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        n = self.ln_1(x)
        a, kv = self.attn(n, mask, past_kv, start_pos)
        h = n + a
        return h + self.ff(self.ln_2(h)), kv
