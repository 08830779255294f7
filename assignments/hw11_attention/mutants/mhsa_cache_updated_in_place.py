# must-fail: test_modules_dtypes_shapes_inputs_untouched
# why: grows the given cache tensors in place (past_k.set_(cat(...))): the returned cache is right, but the caller's past_kv is overwritten
_SolutionMHSA = MultiHeadSelfAttention


class MultiHeadSelfAttention(_SolutionMHSA):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        B, L, _ = x.shape

        def split(t):
            return t.view(B, L, self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.w_q(x)), split(self.w_k(x)), split(self.w_v(x))
        if self.rope_theta is not None:
            positions = torch.arange(start_pos, start_pos + L)
            q = rope(q, positions, self.rope_theta)
            k = rope(k, positions, self.rope_theta)
        if past_kv is not None:
            k = past_kv[0].set_(torch.cat([past_kv[0], k.detach()], dim=2))
            v = past_kv[1].set_(torch.cat([past_kv[1], v.detach()], dim=2))
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        out = out.transpose(1, 2).reshape(B, L, self.d_model)
        return self.w_o(out), (k, v)
