# must-fail: test_block_matches_prenorm_formula
# why: nn.LayerNorm(d_model, eps=1e-6) instead of the default eps = 1e-5 the notebook specifies
_SolutionBlock = TransformerBlock


class TransformerBlock(_SolutionBlock):
    def __init__(self, d_model, n_heads, d_ff, rope_theta=None):
        super().__init__(d_model, n_heads, d_ff, rope_theta)
        self.ln_1 = nn.LayerNorm(d_model, eps=1e-6)
        self.ln_2 = nn.LayerNorm(d_model, eps=1e-6)
