# must-fail: test_mhsa_matches_torch_multihead_attention, test_mhsa_one_head_is_plain_attention
# why: keeps nn.Linear's default bias in w_q, w_k, w_v, w_o where the projections are bias-free
_SolutionMHSA = MultiHeadSelfAttention


class MultiHeadSelfAttention(_SolutionMHSA):
    def __init__(self, d_model, n_heads, rope_theta=None):
        super().__init__(d_model, n_heads, rope_theta)
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
        self.w_o = nn.Linear(d_model, d_model)
