# must-fail: test_mhsa_matches_torch_multihead_attention, test_mhsa_one_head_is_plain_attention
# why: one fused w_qkv = Linear(d_model, 3 d_model) (GPT-2's c_attn) instead of the attributes w_q, w_k, w_v the notebook names
class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, n_heads, rope_theta=None):
        super().__init__()
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.rope_theta = rope_theta
        self.w_qkv = nn.Linear(d_model, 3 * d_model, bias=False)
        self.w_o = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x, mask=None, past_kv=None, start_pos=0):
        B, L, _ = x.shape
        q, k, v = (
            t.view(B, L, self.n_heads, self.d_head).transpose(1, 2)
            for t in self.w_qkv(x).split(self.d_model, dim=-1)
        )
        if self.rope_theta is not None:
            positions = torch.arange(start_pos, start_pos + L)
            q, k = rope(q, positions, self.rope_theta), rope(k, positions, self.rope_theta)
        if past_kv is not None:
            k, v = torch.cat([past_kv[0], k], 2), torch.cat([past_kv[1], v], 2)
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        return self.w_o(out.transpose(1, 2).reshape(B, L, self.d_model)), (k, v)
