# must-fail: test_gpt_matches_reference_architecture
# why: the attention projections w_q, w_k, w_v have biases (nn.Linear's default) instead of being bias-free
_SolutionAttention = MultiHeadSelfAttention


class MultiHeadSelfAttention(_SolutionAttention):
    def __init__(self, d_model, n_heads, rope_theta=None):
        super().__init__(d_model, n_heads, rope_theta)
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
