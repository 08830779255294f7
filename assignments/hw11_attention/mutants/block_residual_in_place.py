# must-fail: test_modules_dtypes_shapes_inputs_untouched
# why: adds the attention output to x in place (x += attn(...)): the result is right, but the caller's x is overwritten
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        a, kv = self.attn(self.ln_1(x), mask, past_kv, start_pos)
        h = x.add_(a)
        return h + self.ff(self.ln_2(h)), kv
