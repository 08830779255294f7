# must-fail: test_block_matches_prenorm_formula, test_block_jacobian_is_causal
# why: does not pass the mask on to the attention layer: the causal block looks at the future
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(self.ln_1(x), None, past_kv, start_pos)
        h = x + a
        return h + self.ff(self.ln_2(h)), kv
