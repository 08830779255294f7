# must-fail: test_gpt_matches_reference_architecture
# why: the Transformer block is post-norm (x + attn(x), then LayerNorm) instead of pre-norm
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(x, mask, past_kv, start_pos)
        h = self.ln_1(x + a)
        return self.ln_2(h + self.ff(h)), kv
