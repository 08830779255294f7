# must-fail: test_mhsa_kv_cache_matches_full_forward
# why: caches the keys before RoPE: the new tokens attend correctly, but the cache holds unrotated keys, so later tokens see past keys without their rotation
_SolutionMHSA = MultiHeadSelfAttention


class MultiHeadSelfAttention(_SolutionMHSA):
    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        B, L, _ = x.shape

        def split(t):
            return t.view(B, L, self.n_heads, self.d_head).transpose(1, 2)

        q, k, v = split(self.w_q(x)), split(self.w_k(x)), split(self.w_v(x))
        k_raw = k
        if self.rope_theta is not None:
            positions = torch.arange(start_pos, start_pos + L)
            q = rope(q, positions, self.rope_theta)
            k = rope(k, positions, self.rope_theta)
        if past_kv is not None:
            k = torch.cat([past_kv[0], k], dim=2)
            k_raw = torch.cat([past_kv[0], k_raw], dim=2)
            v = torch.cat([past_kv[1], v], dim=2)
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        k = k_raw
        out = out.transpose(1, 2).reshape(B, L, self.d_model)
        return self.w_o(out), (k, v)
