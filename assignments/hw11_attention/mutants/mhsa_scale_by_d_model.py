# must-fail: test_mhsa_matches_torch_multihead_attention
# why: scales the scores by 1/sqrt(d_model) instead of 1/sqrt(d_head) (the queries and keys of a head have d_head features)
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
            k = torch.cat([past_kv[0], k], dim=2)
            v = torch.cat([past_kv[1], v], dim=2)
        q = q * math.sqrt(self.d_head / self.d_model)
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        out = out.transpose(1, 2).reshape(B, L, self.d_model)
        return self.w_o(out), (k, v)
