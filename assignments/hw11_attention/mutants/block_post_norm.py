# must-fail: test_block_matches_prenorm_formula
# why: the original post-norm block LN(x + attn(x)) where a pre-norm block is specified
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(x, mask, past_kv, start_pos)
        h = self.ln_1(x + a)
        return self.ln_2(h + self.ff(h)), kv
